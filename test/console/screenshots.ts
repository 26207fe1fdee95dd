import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the browser tests put their screenshots: docs/screenshots when UPDATE_SCREENSHOTS=1 (the docs'
 * pictures), otherwise dist/screenshots so an ordinary test run leaves the tree unchanged.
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(process.cwd(), 'docs', 'screenshots')
    : join(process.cwd(), 'dist', 'screenshots');

/** The path of a screenshot named `name` (a PNG), its folder made if missing. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}
