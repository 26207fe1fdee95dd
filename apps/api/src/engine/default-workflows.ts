import { releasedDefinitions, type WorkflowModule } from '../../../../libs/kernel/index.js';
import { WorkflowRegistry } from '../../../../libs/workflow-engine/index.js';
import type { PolicySet } from '../../../../workflows/warranty-claim/eligibility/policy.js';
import { registeredWorkflows } from '../../../../workflows/registered-workflows.js';
import type { AppConfig } from '../config/app-config.js';
import { readPolicySet } from './warranty-policies.js';
import { readFollowUpPlans } from '../../../../workflows/follow-up/plans.loader.js';

/** Every workflow module this engine runs, built from the reference data configuration names. */
export function defaultWorkflowModules(
  config: AppConfig,
  policies: PolicySet = readPolicySet(config.warrantyPolicyDir),
): WorkflowModule[] {
  return registeredWorkflows({
    warrantyPolicies: policies,
    followUpPlans: readFollowUpPlans(config.followUpPlanDir),
  });
}

/** Every released version of every workflow, each may still have running cases. */
export function defaultWorkflows(
  config: AppConfig,
  policies: PolicySet = readPolicySet(config.warrantyPolicyDir),
): WorkflowRegistry {
  return new WorkflowRegistry(releasedDefinitions(defaultWorkflowModules(config, policies)));
}
