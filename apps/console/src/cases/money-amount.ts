/**
 * Money in forms: people type yuan with up to two decimals (¥12,000.50); the API takes integer minor
 * units (fen, `…Cents`). Rounding to the fen keeps binary fractions (0.1 + 0.2) from sending 30.000000004.
 */
export function isMoneyField(name: string): boolean {
  return name.endsWith('Cents');
}

export function minorUnitsOf(yuan: number): number {
  return Math.round(yuan * 100);
}

export function yuanOf(minorUnits: number): number {
  return minorUnits / 100;
}
