/**
 * The engine's Mermaid text with every state and edge named in the user's language: each state gets a
 * label (`state "已受理" as received`) and each edge its action or condition in words. The ids stay, so
 * the current state can still be highlighted by id.
 */
export function localiseDiagram(
  diagram: string,
  term: (id: string) => string,
  condition: (guard: string) => string,
): string {
  const states = new Set<string>();
  const lines = diagram.split('\n').map((line) => {
    const edge = /^(\s*)(\S+) --> (\S+)(?:: (.+))?$/.exec(line);
    if (edge === null) return line;
    const [, indent, from, to, label] = edge;
    for (const state of [from!, to!]) if (state !== '[*]') states.add(state);
    if (label === undefined) return line;
    const guard = /^\[(.+)\]$/.exec(label);
    return `${indent}${from} --> ${to}: ${guard === null ? term(label) : `[${condition(guard[1]!)}]`}`;
  });
  const header = lines.findIndex((line) => line.trim().startsWith('stateDiagram'));
  const labels = [...states].map((state) => `  state "${term(state).replace(/"/g, "'")}" as ${state}`);
  lines.splice(header + 1, 0, ...labels);
  return lines.join('\n');
}

/**
 * Marks the states a case has passed through (the path taken), drawn lighter than the current state;
 * only states the diagram has, so an id from another machine version never breaks the drawing.
 */
export function pathTaken(diagram: string, visited: readonly string[]): string {
  const known = new Set(
    [...diagram.matchAll(/^\s*(\S+) --> ([^\s:]+)/gm)].flatMap((match) => [match[1]!, match[2]!]),
  );
  const states = [...new Set(visited)].filter((state) => known.has(state) && state !== '[*]');
  if (states.length === 0) return diagram;
  return `${diagram}\n  classDef visited fill:#d0ebff,stroke:#1864ab,stroke-width:2px\n  class ${states.join(',')} visited`;
}
