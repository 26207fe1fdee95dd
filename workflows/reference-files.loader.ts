import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A problem with one reference-data file, named by file and JSON path. */
export interface ReferenceFileProblem {
  readonly file: string;
  readonly path: string;
  readonly problem: string;
}

/**
 * A folder of reference data shipped in the repository (e.g. `workflows/warranty-claim/policies`), found
 * from this file in the source tree or in dist/ by walking up to the project root.
 */
export function bundledFolder(relative: string): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const candidate = join(folder, relative);
    try {
      if (readdirSync(candidate).some((name) => name.endsWith('.json'))) return candidate;
    } catch {
      // not here: go up
    }
    folder = dirname(folder);
  }
  return resolve(relative);
}

/**
 * Every `*.json` file of the folder, in name order, parsed; a file that is not JSON is refused through
 * `refuse` with its name, so the loader throws its own error type.
 */
export function jsonFilesIn(
  folder: string,
  refuse: (problems: ReferenceFileProblem[]) => Error,
): { file: string; json: unknown }[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(folder, file), 'utf8');
      try {
        return { file, json: JSON.parse(text) as unknown };
      } catch (error) {
        throw refuse([{ file, path: '$', problem: `not valid JSON: ${(error as Error).message}` }]);
      }
    });
}
