import type { ReadScope } from '../kernel/index.js';

/**
 * `ReadScope` as a where clause over a read model's owner columns, so a list shows exactly the rows
 * `inReadScope` lets a single read see. Parameters are named `scopeDealer` and `scopeRegion`.
 */
export function readScopeClause(
  scope: ReadScope,
  params: Record<string, unknown>,
  columns: { readonly dealerId: string; readonly regionId: string },
): string {
  if (scope.kind === 'all') return '1 = 1';
  const either: string[] = [];
  if (scope.dealerId !== undefined) {
    params.scopeDealer = scope.dealerId;
    either.push(`${columns.dealerId} = @scopeDealer`);
  }
  if (scope.regionId !== undefined) {
    params.scopeRegion = scope.regionId;
    either.push(`${columns.regionId} = @scopeRegion`);
  }
  return either.length === 0 ? '0 = 1' : `(${either.join(' OR ')})`;
}
