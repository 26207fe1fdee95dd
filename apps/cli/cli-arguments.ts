/** `--sub alice --roles a,b --flag` → { sub: 'alice', roles: 'a,b', flag: 'true' } plus positional words. */
export function parseArguments(argv: readonly string[]): {
  positional: string[];
  options: Record<string, string>;
} {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word.startsWith('--')) {
      const [name, inline] = word.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[index + 1];
      if (inline !== undefined) options[name] = inline;
      else if (next !== undefined && !next.startsWith('--')) {
        options[name] = next;
        index++;
      } else options[name] = 'true';
    } else positional.push(word);
  }
  return { positional, options };
}
