import type { NamedStatement } from '../case-list-statements.js';

/**
 * A statement written with `@name` parameters (as SQLite binds them) for `pg`, which binds `$1, $2, …`:
 * each name becomes one number, however often it appears. A name the parameters lack is an error naming it.
 */
export function positional({ sql, params }: NamedStatement): { text: string; values: unknown[] } {
  const numbers = new Map<string, number>();
  const values: unknown[] = [];
  const text = sql.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    let number = numbers.get(name);
    if (number === undefined) {
      if (!(name in params)) throw new Error(`The statement names @${name}, which has no value`);
      values.push(params[name]);
      number = values.length;
      numbers.set(name, number);
    }
    return `$${number}`;
  });
  return { text, values };
}
