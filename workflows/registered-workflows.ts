import { resolve } from 'node:path';
import { ConfigurationError, type WorkflowModule } from '../libs/kernel/index.js';
import { complaintModule } from './complaint/index.js';
import { goodwillModule } from './goodwill/index.js';
import { preferentialClaimModule } from './preferential-claim/index.js';
import type { PolicySet } from './warranty-claim/eligibility/policy.js';
import { InvalidPolicyError } from './warranty-claim/eligibility/policy-validation.js';
import { warrantyClaimModule } from './warranty-claim/index.js';
import { bundledPolicyDir, readPolicySet } from './warranty-claim/policies.loader.js';

/** Reference data some workflows are built from, read and validated by the process at start. */
export interface WorkflowReferenceData {
  readonly warrantyPolicies: PolicySet;
}

/** Every workflow this engine runs: one line per workflow. */
export function registeredWorkflows(reference: WorkflowReferenceData): WorkflowModule[] {
  return [
    complaintModule,
    goodwillModule,
    preferentialClaimModule,
    warrantyClaimModule(reference.warrantyPolicies),
  ] as WorkflowModule[];
}

/**
 * The reference data named by the configured environment (`config.environment`): the warranty policies
 * of WARRANTY_POLICY_DIR, by default the shipped ones. A bad file stops the process at start, naming
 * the variable, the file and the JSON path.
 */
export function loadWorkflowReferenceData(
  environment: Readonly<Record<string, string | undefined>>,
): WorkflowReferenceData {
  const folder = environment.WARRANTY_POLICY_DIR
    ? resolve(process.cwd(), environment.WARRANTY_POLICY_DIR)
    : bundledPolicyDir();
  try {
    return { warrantyPolicies: readPolicySet(folder) };
  } catch (error) {
    if (error instanceof InvalidPolicyError)
      throw new ConfigurationError(
        error.problems.map((p) => `WARRANTY_POLICY_DIR ${p.file} ${p.path}: ${p.problem}`),
      );
    throw new ConfigurationError([`WARRANTY_POLICY_DIR: ${(error as Error).message}`]);
  }
}

/** Every registered workflow, built from the reference data the configured environment names. */
export function loadRegisteredWorkflows(
  environment: Readonly<Record<string, string | undefined>>,
): WorkflowModule[] {
  return registeredWorkflows(loadWorkflowReferenceData(environment));
}
