import { maskValue, seesPersonalData } from '../auth/index.js';
import type { Actor, CaseOwner, WorkflowDefinition } from '../kernel/index.js';
import { ERASED } from './personal-data-vault.js';

/**
 * The one rule for showing personal data, on every read path (list, detail, history, as-of, work queue,
 * replayed responses): sealed values are opened (`[erased]` once the key is gone), and a reader who does
 * not deal with the customer sees every value at a path the workflow declares as personal data masked.
 * The paths come from the workflows' `personalData` declarations (every version, every action), so a new
 * workflow needs no change here.
 */
export class PersonalDataDisclosure {
  private readonly pathsByCaseType: ReadonlyMap<string, readonly (readonly string[])[]>;

  constructor(
    definitions: readonly WorkflowDefinition[],
    private readonly open: <T>(value: T) => T,
  ) {
    const paths = new Map<string, Set<string>>();
    for (const definition of definitions) {
      const declared = paths.get(definition.caseType) ?? new Set<string>();
      for (const action of [definition.create, ...Object.values(definition.actions)]) {
        for (const path of action.personalData ?? []) declared.add(path);
      }
      paths.set(definition.caseType, declared);
    }
    this.pathsByCaseType = new Map(
      [...paths].map(([caseType, declared]) => [caseType, [...declared].map((path) => path.split('.'))]),
    );
  }

  /** The personal-data paths a case type declares (dotted), e.g. for tests and docs. */
  pathsOf(caseType: string): string[] {
    return (this.pathsByCaseType.get(caseType) ?? []).map((keys) => keys.join('.'));
  }

  /** `data` (a case's data or an event's payload) as `viewer` may see it. Returns a copy. */
  present<T>(caseType: string, owner: CaseOwner, data: T, viewer: Actor): T {
    return this.presentAt(owner, data, this.pathsByCaseType.get(caseType) ?? [], viewer);
  }

  /**
   * The same rule for a read model that is not a case (the customer records): `data` with the values at
   * `paths` opened, and masked unless `viewer` deals with the customer of `owner`.
   */
  presentAt<T>(owner: CaseOwner, data: T, paths: readonly (readonly string[])[], viewer: Actor): T {
    const opened = this.open(data);
    if (seesPersonalData(viewer, owner)) return opened;
    if (paths.length === 0 || opened === null || typeof opened !== 'object') return opened;
    const masked = structuredClone(opened) as Record<string, unknown>;
    for (const keys of paths) maskAt(masked, keys);
    return masked as T;
  }
}

function maskAt(data: Record<string, unknown>, keys: readonly string[]): void {
  let target: Record<string, unknown> | undefined = data;
  for (const key of keys.slice(0, -1)) {
    const next: unknown = target?.[key];
    target = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
  }
  const last = keys[keys.length - 1]!;
  const value = target?.[last];
  if (target !== undefined && typeof value === 'string' && value !== ERASED) target[last] = maskValue(value);
}
