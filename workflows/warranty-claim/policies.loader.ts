import { bundledFolder, jsonFilesIn } from '../reference-files.loader.js';
import { InvalidPolicyError, loadPolicySet } from './eligibility/policy-validation.js';
import type { PolicySet } from './eligibility/policy.js';

/** The policy files shipped in the repository: workflows/warranty-claim/policies. */
export function bundledPolicyDir(): string {
  return bundledFolder('workflows/warranty-claim/policies');
}

/**
 * Reads every `*.json` policy in the folder (WARRANTY_POLICY_DIR, default the bundled ones) and validates
 * them; a bad file stops the engine at start naming the file and the JSON path.
 */
export function readPolicySet(folder = bundledPolicyDir()): PolicySet {
  const files = jsonFilesIn(folder, (problems) => new InvalidPolicyError(problems));
  if (files.length === 0)
    throw new InvalidPolicyError([{ file: folder, path: '$', problem: 'no *.json policy files' }]);
  return loadPolicySet(files);
}
