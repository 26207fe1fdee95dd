// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { CostKind } from '../events.js';

/** One cost of a goodwill application as recorded: what it was for, how much, and whether it is payable. */
export interface CostLine {
  readonly kind: CostKind;
  readonly description: string;
  readonly amountCents: number;
}

/** The cost lines of a payload (machines read payloads through this, never trusting types). */
export function costLinesOf(data: Record<string, unknown>): CostLine[] | null {
  if (!Array.isArray(data.costLines)) return null;
  return (data.costLines as Record<string, unknown>[]).map((line) => ({
    kind: line.kind === 'direct' ? 'direct' : 'consequential',
    description: typeof line.description === 'string' ? line.description : '',
    amountCents: Number(line.amountCents),
  }));
}

/** 「直接费用,但不包括连带费用」 [003]: the sum of the lines of one kind; only `direct` is ever paid. */
export function sumOf(lines: readonly CostLine[], kind: CostKind): number {
  return lines.filter((line) => line.kind === kind).reduce((sum, line) => sum + line.amountCents, 0);
}
