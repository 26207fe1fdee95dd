import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FollowUpPlanSet } from './plan.js';
import { InvalidFollowUpPlanError, loadFollowUpPlanSet } from './plan-validation.js';

/** The plan files shipped in the repository: workflows/follow-up/plans. */
export function bundledFollowUpPlanDir(): string {
  // From workflows/follow-up (source) or dist/workflows/follow-up (built), up to the project root.
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const candidate = join(folder, 'workflows', 'follow-up', 'plans');
    try {
      if (readdirSync(candidate).some((name) => name.endsWith('.json'))) return candidate;
    } catch {
      // not here: go up
    }
    folder = dirname(folder);
  }
  return resolve('workflows/follow-up/plans');
}

/**
 * Reads every `*.json` plan in the folder (FOLLOW_UP_PLAN_DIR, default the bundled ones) and validates
 * them; a bad file stops the engine at start naming the file and the JSON path.
 */
export function readFollowUpPlans(folder = bundledFollowUpPlanDir()): FollowUpPlanSet {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.json'));
  } catch (error) {
    throw new InvalidFollowUpPlanError([
      { file: folder, path: '$', problem: `cannot read the folder: ${(error as Error).message}` },
    ]);
  }
  const files = names.sort().map((file) => {
    const text = readFileSync(join(folder, file), 'utf8');
    try {
      return { file, json: JSON.parse(text) as unknown };
    } catch (error) {
      throw new InvalidFollowUpPlanError([
        { file, path: '$', problem: `not valid JSON: ${(error as Error).message}` },
      ]);
    }
  });
  return loadFollowUpPlanSet(files);
}
