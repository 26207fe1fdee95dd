import type { PolicySet } from './eligibility/policy.js';
import { readPolicySet } from './policies.loader.js';

/** The shipped policy files, read as the engine reads them at start (for specs). */
export function shippedPolicies(folder = 'workflows/warranty-claim/policies'): PolicySet {
  return readPolicySet(folder);
}
