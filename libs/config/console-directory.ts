import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `vite build` puts the console: `dist/console` under the project root. */
export function defaultConsoleDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  // The same code runs from libs/config (tests) and dist/libs/config (npm start): find the root.
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) {
    directory = dirname(directory);
  }
  return join(directory, 'dist', 'console');
}
