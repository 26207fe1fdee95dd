import { readFileSync } from 'node:fs';
import { DealerDirectory, InvalidDealerDirectoryError } from './dealer-directory.js';
import { BUNDLED_DEALER_DIRECTORY } from './bundled-dealer-directory.js';

/**
 * The dealer directory from DEALER_DIRECTORY (a JSON file `{ "dealers": [{ dealerId, regionId, name? }] }`),
 * or the bundled one; a bad file stops the process at start naming the file and the JSON path.
 */
export function readDealerDirectory(file: string | undefined): DealerDirectory {
  if (file === undefined) return DealerDirectory.fromJson(BUNDLED_DEALER_DIRECTORY);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidDealerDirectoryError([`${file}: cannot be read as JSON: ${(error as Error).message}`]);
  }
  try {
    return DealerDirectory.fromJson(json);
  } catch (error) {
    if (error instanceof InvalidDealerDirectoryError)
      throw new InvalidDealerDirectoryError(error.problems.map((problem) => `${file} ${problem}`));
    throw error;
  }
}
