import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidPolicyError, loadPolicySet } from './eligibility/policy-validation.js';
import type { PolicySet } from './eligibility/policy.js';

/** The policy files shipped in the repository: workflows/warranty-claim/policies. */
export function bundledPolicyDir(): string {
  // From workflows/warranty-claim (source) or dist/workflows/warranty-claim (built), up to the project root.
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const candidate = join(folder, 'workflows', 'warranty-claim', 'policies');
    try {
      if (readdirSync(candidate).some((name) => name.endsWith('.json'))) return candidate;
    } catch {
      // not here: go up
    }
    folder = dirname(folder);
  }
  return resolve('workflows/warranty-claim/policies');
}

/**
 * Reads every `*.json` policy in the folder (WARRANTY_POLICY_DIR, default the bundled ones) and validates
 * them; a bad file stops the engine at start naming the file and the JSON path.
 */
export function readPolicySet(folder = bundledPolicyDir()): PolicySet {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(folder, file), 'utf8');
      try {
        return { file, json: JSON.parse(text) as unknown };
      } catch (error) {
        throw new InvalidPolicyError([
          { file, path: '$', problem: `not valid JSON: ${(error as Error).message}` },
        ]);
      }
    });
  if (files.length === 0)
    throw new InvalidPolicyError([{ file: folder, path: '$', problem: 'no *.json policy files' }]);
  return loadPolicySet(files);
}
