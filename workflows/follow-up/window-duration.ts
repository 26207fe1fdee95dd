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
