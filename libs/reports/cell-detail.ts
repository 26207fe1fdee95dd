import type { ReportDefinition } from './report-definitions.js';

/** The sums of one value of a cell's detail dimension (one vehicle), by field. */
export type DetailSums = Record<string, number>;

/**
 * A cell's detail: the sums of each value of a dimension with about one value per row (the vehicle of a
 * warranty claim). Kept inside the cell rather than in its key, so a report that only counts distinct
 * vehicles or groups by region reads one cell per day or month and group, not one per vehicle.
 */
export interface CellDetail {
  readonly dim: string;
  /** By the dimension's value; null when a row has none (a goodwill application names no vehicle). */
  readonly values: Map<string | null, DetailSums>;
}

/** The detail dimension of each topic: the dimension a report of that topic counts distinct values of. */
export function detailDimsOf(definitions: readonly ReportDefinition[]): Map<string, string> {
  const dims = new Map<string, string>();
  for (const definition of definitions)
    if (definition.distinct !== undefined) dims.set(definition.topic, definition.distinct.dim);
  return dims;
}

/**
 * Stored as `[dim, fields, [value, sum per field]…]`: field names once per cell, numbers only per value, so
 * reading a year of vehicles parses arrays of numbers rather than an object per vehicle.
 */
type EncodedDetail = [dim: string, fields: string[], ...values: [string | null, ...number[]][]];

export function encodeDetail(detail: CellDetail): string {
  const fields = [...new Set([...detail.values.values()].flatMap((sums) => Object.keys(sums)))];
  const values = [...detail.values].map(
    ([value, sums]) => [value, ...fields.map((field) => sums[field] ?? 0)] as [string | null, ...number[]],
  );
  return JSON.stringify([detail.dim, fields, ...values] satisfies EncodedDetail);
}

export function decodeDetail(text: string): CellDetail {
  const [dim, fields, ...encoded] = JSON.parse(text) as EncodedDetail;
  const values = new Map<string | null, DetailSums>();
  for (const [value, ...sums] of encoded) {
    const byField: DetailSums = {};
    fields.forEach((field, index) => {
      if (sums[index] !== 0) byField[field] = sums[index]!;
    });
    values.set(value, byField);
  }
  return { dim, values };
}

/** A stored detail as read by a report: the sum of `fields[i]` for a value is at index i + 1 of its entry. */
export function readDetail(text: string): {
  dim: string;
  fields: readonly string[];
  entries: readonly (readonly [string | null, ...number[]])[];
} {
  const [dim, fields, ...entries] = JSON.parse(text) as EncodedDetail;
  return { dim, fields, entries };
}
