import {
  calendarDate,
  isObject,
  problemsOf,
  record,
  text,
  wholeNumber,
  type Shape,
} from '../eligibility/json-shape.js';
import type { ReferenceFileProblem } from '../../reference-files.loader.js';
import type { PriceList, PriceListSet } from './price-list.js';

export class InvalidPriceListError extends Error {
  constructor(readonly problems: readonly ReferenceFileProblem[]) {
    super(
      `Invalid warranty price list:\n${problems.map((p) => `  - ${p.file} ${p.path}: ${p.problem}`).join('\n')}`,
    );
  }
}

/** An object whose every key is a code and every value has `shape` (operation codes, part numbers). */
function byCode(shape: Shape): Shape {
  return (value, path, report) => {
    if (!isObject(value)) return report(path, 'must be an object');
    if (Object.keys(value).length === 0) report(path, 'must list at least one entry');
    for (const [code, entry] of Object.entries(value)) {
      if (code.trim() === '' || code.length > 64) report(`${path}.${code}`, 'a code is 1 to 64 characters');
      shape(entry, `${path}.${code}`, report);
    }
  };
}

/** Standard hours: positive, at most 100, in tenths of an hour as labour-time catalogues give them. */
const hours: Shape = (value, path, report) => {
  if (typeof value !== 'number' || !(value > 0) || value > 100 || Math.round(value * 10) !== value * 10)
    report(path, 'must be a number of hours above 0, at most 100, in tenths (e.g. 2.5)');
};

const cents = wholeNumber(1);

const currencyCode: Shape = (value, path, report) => {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value))
    report(path, 'must be an ISO 4217 code such as CNY');
};

const regionRates: Shape = (value, path, report) => {
  if (!isObject(value)) return report(path, 'must be an object');
  for (const [region, rate] of Object.entries(value)) cents(rate, `${path}.${region}`, report);
};

const priceListShape: Shape = record(
  {
    id: text,
    version: wholeNumber(1),
    effectiveFrom: calendarDate,
    currency: currencyCode,
    labourRates: record({ default: cents }, { regions: regionRates }),
    operations: byCode(record({ hours }, { text })),
    parts: byCode(record({ unitCents: cents }, { text })),
  },
  { source: text },
);

function validatePriceList(json: unknown, file: string): ReferenceFileProblem[] {
  return problemsOf(priceListShape, json).map((problem) => ({ file, ...problem }));
}

/**
 * The price list files validated into one set: every file well formed, one list id, versions unique and
 * in the order of their effective days (a later version is in force from a later day), so exactly one
 * version prices any day from the first one on.
 */
export function loadPriceListSet(
  files: readonly { readonly file: string; readonly json: unknown }[],
): PriceListSet {
  const problems = files.flatMap(({ file, json }) => validatePriceList(json, file));
  if (problems.length > 0) throw new InvalidPriceListError(problems);
  const lists = files
    .map(({ file, json }) => ({ file, list: json as PriceList }))
    .sort((a, b) => a.list.version - b.list.version);
  const order: ReferenceFileProblem[] = [];
  lists.forEach(({ file, list }, index) => {
    if (list.id !== lists[0]!.list.id)
      order.push({
        file,
        path: '$.id',
        problem: `one price list per folder: ${lists[0]!.list.id}, not ${list.id}`,
      });
    const previous = lists[index - 1];
    if (previous === undefined) return;
    if (previous.list.version === list.version)
      order.push({ file, path: '$.version', problem: `version ${list.version} is also in ${previous.file}` });
    else if (previous.list.effectiveFrom >= list.effectiveFrom)
      order.push({
        file,
        path: '$.effectiveFrom',
        problem: `version ${list.version} must take effect after version ${previous.list.version} (${previous.list.effectiveFrom}, ${previous.file})`,
      });
  });
  if (order.length > 0) throw new InvalidPriceListError(order);
  return { lists: lists.map(({ list }) => list) };
}
