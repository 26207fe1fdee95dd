const PATTERN = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/;

/**
 * A window bound in milliseconds: weeks, days, hours and minutes only (`P0D`, `P3D`, `P2W`, `PT36H`), so
 * the time a window closes is exact and the SLA clock, which adds the same duration, agrees with it.
 * Returns undefined for anything else (months and years have no fixed length).
 */
export function windowMilliseconds(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (match === null) return undefined;
  const [weeks, days, hours, minutes] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60_000;
}

/** `at` plus a window bound, as an ISO instant. */
export function addWindow(at: string, duration: string): string {
  return new Date(Date.parse(at) + (windowMilliseconds(duration) ?? 0)).toISOString();
}

/** `at` less a window bound, as an ISO instant: a window counted back from an anchor date. */
export function subtractWindow(at: string, duration: string): string {
  return new Date(Date.parse(at) - (windowMilliseconds(duration) ?? 0)).toISOString();
}

/** Milliseconds as the shortest bound text windowMilliseconds reads back (`P1D`, `PT36H`, `PT90M`). */
export function windowText(milliseconds: number): string {
  const minutes = Math.round(milliseconds / 60_000);
  if (minutes % (24 * 60) === 0) return `P${minutes / (24 * 60)}D`;
  if (minutes % 60 === 0) return `PT${minutes / 60}H`;
  return `PT${minutes}M`;
}
