import type { CaseContext, WorkflowDefinition } from '../../libs/kernel/index.js';
import { complaintScenarios } from '../complaint/golden-scenarios.js';
import { followUpScenarios } from '../follow-up/golden-scenarios.js';
import { goodwillScenarios } from '../goodwill/golden-scenarios.js';
import { preferentialClaimScenarios } from '../preferential-claim/golden-scenarios.js';
import { readFollowUpPlans } from '../follow-up/plans.loader.js';
import { registeredWorkflows } from '../registered-workflows.js';
import { serviceEventScenarios } from '../service-event/golden-scenarios.js';
import { shippedPolicies } from '../warranty-claim/shipped-policies.tool.js';
import { warrantyClaimScenarios } from '../warranty-claim/golden-scenarios.js';
import type { GoldenScenario } from './golden-scenario.js';

/** A workflow folder, its released (registered) versions and the paths recorded for them. */
export interface ReleasedWorkflow {
  readonly folder: string;
  readonly versions: readonly WorkflowDefinition<CaseContext>[];
  readonly scenarios: readonly GoldenScenario[];
}

/** The paths recorded per workflow folder (named after its case type). */
const SCENARIOS: Readonly<Record<string, readonly GoldenScenario[]>> = {
  complaint: complaintScenarios,
  goodwill: goodwillScenarios,
  'preferential-claim': preferentialClaimScenarios,
  'warranty-claim': warrantyClaimScenarios,
  'follow-up': followUpScenarios,
  'service-event': serviceEventScenarios,
};

/**
 * The follow-up plan the goldens were recorded with (version 1): a golden pins a machine's decisions, and
 * the calls a newer plan asks for are the plan's specs' business (plan-validation.unit.spec.ts).
 */
const GOLDEN_FOLLOW_UP_PLANS = {
  plans: readFollowUpPlans().plans.filter((plan) => plan.version === 1),
};

/**
 * Every registered module's released versions, each with golden streams; an unreleased version
 * (complaint v3) has none until it is registered. A registered workflow without scenarios has none.
 */
export function releasedWorkflows(): ReleasedWorkflow[] {
  return registeredWorkflows({
    warrantyPolicies: shippedPolicies(),
    followUpPlans: GOLDEN_FOLLOW_UP_PLANS,
  }).map((module) => ({
    folder: module.caseType,
    versions: module.versions,
    scenarios: SCENARIOS[module.caseType] ?? [],
  }));
}

/** Where a version's golden streams live: workflows/<folder>/v<version>/golden/. */
export function goldenFolder(folder: string, version: number): string {
  return `workflows/${folder}/v${version}/golden`;
}
