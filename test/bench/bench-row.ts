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

/**
 * Runs a section `rounds` times and reports each row's median value (the note of the median round, with
 * every round's value), so one noisy round on a shared machine does not make the figure.
 */
export async function medianOfRounds(rounds: number, run: () => Promise<Row[]>): Promise<Row[]> {
  const results: Row[][] = [];
  for (let round = 0; round < rounds; round++) results.push(await run());
  if (rounds === 1) return results[0]!;
  return results[0]!.map((first) => {
    const same = results.map((rows) => rows.find((row) => row.name === first.name) ?? first);
    const sorted = [...same].sort((a, b) => a.value - b.value);
    const middle = sorted[Math.floor(sorted.length / 2)]!;
    const all = same
      .map((row) => (row.value >= 100 ? Math.round(row.value) : row.value.toFixed(2)))
      .join(' / ');
    return { ...middle, note: `${middle.note ?? ''}${middle.note ? '; ' : ''}median of ${rounds}: ${all}` };
  });
}

/** A figure the Performance issue sets, and where it stands. */
export interface Target {
  readonly measure: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

export function printTargets(targets: readonly Target[]): void {
  const width = Math.max(...targets.map((target) => target.measure.length));
  const targetWidth = Math.max(...targets.map((target) => target.target.length));
  console.log(
    '\nTargets (issue #27, and #26 for PostgreSQL; each beside its limit measured in this run: 2 cores, synchronous=FULL or synchronous_commit=on, acknowledged = committed)',
  );
  console.log(`${'measure'.padEnd(width)}  ${'target'.padEnd(targetWidth)}  met   measured`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(targetWidth)}  ----  --------`);
  for (const target of targets) {
    const met = target.met === null ? 'n/a ' : target.met ? 'yes ' : 'NO  ';
    console.log(
      `${target.measure.padEnd(width)}  ${target.target.padEnd(targetWidth)}  ${met}  ${target.measured}`,
    );
  }
}
