import { bundledFolder, jsonFilesIn } from '../reference-files.loader.js';
import type { FollowUpPlanSet } from './plan.js';
import { InvalidFollowUpPlanError, loadFollowUpPlanSet } from './plan-validation.js';

/** The plan files shipped in the repository: workflows/follow-up/plans. */
export function bundledFollowUpPlanDir(): string {
  return bundledFolder('workflows/follow-up/plans');
}

/**
 * Reads every `*.json` plan in the folder (FOLLOW_UP_PLAN_DIR, default the bundled ones) and validates
 * them; a bad file stops the engine at start naming the file and the JSON path.
 */
export function readFollowUpPlans(folder = bundledFollowUpPlanDir()): FollowUpPlanSet {
  const refuse = (problems: ConstructorParameters<typeof InvalidFollowUpPlanError>[0]) =>
    new InvalidFollowUpPlanError(problems);
  let files: { file: string; json: unknown }[];
  try {
    files = jsonFilesIn(folder, refuse);
  } catch (error) {
    if (error instanceof InvalidFollowUpPlanError) throw error;
    throw refuse([
      { file: folder, path: '$', problem: `cannot read the folder: ${(error as Error).message}` },
    ]);
  }
  return loadFollowUpPlanSet(files);
}
