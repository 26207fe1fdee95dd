import { createHash } from 'node:crypto';
import type { WorkflowDefinition } from '../kernel/index.js';

const fingerprints = new WeakMap<WorkflowDefinition, string>();

/**
 * A digest of everything that decides how a workflow folds its events: the machine's configuration and
 * implementations (guards, actions, `assign` functions, by their source text) and the payload upcasters.
 * A case snapshot records the fingerprint of the code that made it and is used only by the same code, so
 * a machine edited without a new version number, or a new upcaster, cannot resurrect a state a replay
 * would no longer reach.
 */
export function workflowFingerprint(definition: WorkflowDefinition): string {
  let fingerprint = fingerprints.get(definition);
  if (fingerprint === undefined) {
    const { machine } = definition;
    fingerprint = createHash('sha256')
      .update(
        describe({
          caseType: definition.caseType,
          version: definition.version,
          config: machine.config,
          implementations: machine.implementations,
          schemaVersions: definition.schemaVersions ?? {},
          upcasters: definition.upcasters ?? {},
        }),
      )
      .digest('hex')
      .slice(0, 32);
    fingerprints.set(definition, fingerprint);
  }
  return fingerprint;
}

/**
 * A deterministic text of a value that may hold functions: a function is its source text plus its own
 * properties (XState's `assign()` keeps the assignment on the function object it returns).
 */
function describe(value: unknown, seen = new WeakSet<object>()): string {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return JSON.stringify(value) ?? 'undefined';
  }
  if (seen.has(value)) return '"[seen]"';
  seen.add(value);
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${describe((value as Record<string, unknown>)[key], seen)}`);
  if (typeof value === 'function')
    return `{"function":${JSON.stringify(String(value))},${entries.join(',')}}`;
  if (Array.isArray(value)) return `[${value.map((item) => describe(item, seen)).join(',')}]`;
  return `{${entries.join(',')}}`;
}
