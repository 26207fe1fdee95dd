/** One line of the benchmark table. */
export interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

export function printTable(title: string, rows: readonly Row[]): void {
  const nameWidth = Math.max(...rows.map((row) => row.name.length), 10);
  console.log(`\n${title}`);
  console.log(`${'metric'.padEnd(nameWidth)}  ${'value'.padStart(12)}  unit         note`);
  console.log(`${'-'.repeat(nameWidth)}  ${'-'.repeat(12)}  -----------  ----`);
  for (const row of rows) {
    const value = row.value >= 100 ? Math.round(row.value).toLocaleString('en-US') : row.value.toFixed(3);
    console.log(
      `${row.name.padEnd(nameWidth)}  ${value.padStart(12)}  ${row.unit.padEnd(11)}  ${row.note ?? ''}`,
    );
  }
}

export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const index = Math.min(
    sortedAscending.length - 1,
    Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1),
  );
  return sortedAscending[index]!;
}
