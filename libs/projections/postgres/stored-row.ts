/** A read model's row as `pg` returns it: its bigint columns come back as strings. */
export type StoredRow<Row, Bigint extends keyof Row> = Omit<Row, Bigint> & {
  readonly [Column in Bigint]: string | number;
};

/**
 * The row as the SQLite read model returns it (bigints as numbers), so both databases answer the same rows.
 * `Row` is the type the caller returns it as.
 */
export function rowOf<Row, Bigint extends keyof Row>(
  stored: NoInfer<StoredRow<Row, Bigint>>,
  bigints: readonly Bigint[],
): Row {
  const row: Record<PropertyKey, unknown> = { ...stored };
  for (const column of bigints) row[column] = Number(stored[column]);
  return row as Row;
}
