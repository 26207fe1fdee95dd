import { bundledFolder, jsonFilesIn } from '../reference-files.loader.js';
import { InvalidPriceListError, loadPriceListSet } from './pricing/price-list-validation.js';
import type { PriceListSet } from './pricing/price-list.js';

/** The price list files shipped in the repository: workflows/warranty-claim/price-lists. */
export function bundledPriceListDir(): string {
  return bundledFolder('workflows/warranty-claim/price-lists');
}

/**
 * Reads every `*.json` version of the OEM price list in the folder (WARRANTY_PRICE_LIST_DIR, default the
 * bundled ones) and validates them; a bad file stops the engine at start naming the file and the JSON path.
 */
export function readPriceLists(folder = bundledPriceListDir()): PriceListSet {
  const files = jsonFilesIn(folder, (problems) => new InvalidPriceListError(problems));
  if (files.length === 0)
    throw new InvalidPriceListError([{ file: folder, path: '$', problem: 'no *.json price list files' }]);
  return loadPriceListSet(files);
}
