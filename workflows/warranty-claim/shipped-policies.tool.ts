import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicySet } from './eligibility/policy.js';
import { loadPolicySet } from './eligibility/policy-validation.js';

/** The shipped policy files, read as the engine reads them at start (for specs). */
export function shippedPolicies(folder = 'workflows/warranty-claim/policies'): PolicySet {
  return loadPolicySet(
    readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .map((file) => ({ file, json: JSON.parse(readFileSync(join(folder, file), 'utf8')) as unknown })),
  );
}
