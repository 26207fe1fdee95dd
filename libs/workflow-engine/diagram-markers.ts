/**
 * Docs embed generated diagrams between `<!-- diagram:<caseType>:start -->` and `…:end -->`. This replaces
 * the block for each case type it is given and leaves the rest of the page alone.
 */
export function withDiagrams(markdown: string, diagrams: Readonly<Record<string, string>>): string {
  let result = markdown;
  for (const [caseType, diagram] of Object.entries(diagrams)) {
    const start = `<!-- diagram:${caseType}:start -->`;
    const end = `<!-- diagram:${caseType}:end -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 || to === -1 || to < from) continue;
    result = `${result.slice(0, from + start.length)}\n\n\`\`\`mermaid\n${diagram}\n\`\`\`\n\n${result.slice(to)}`;
  }
  return result;
}

/** The same for any generated block: `<!-- <name>:start -->` … `<!-- <name>:end -->` gets `content`. */
export function withGeneratedBlocks(markdown: string, blocks: Readonly<Record<string, string>>): string {
  let result = markdown;
  for (const [name, content] of Object.entries(blocks)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 || to === -1 || to < from) continue;
    result = `${result.slice(0, from + start.length)}\n\n${content}\n\n${result.slice(to)}`;
  }
  return result;
}
