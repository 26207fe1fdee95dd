import { resolve } from 'node:path';
import { ConfigurationError, type WorkflowModule } from '../libs/kernel/index.js';
import { complaintModule } from './complaint/index.js';
import type { FollowUpPlanSet } from './follow-up/plan.js';
import { InvalidFollowUpPlanError } from './follow-up/plan-validation.js';
import { bundledFollowUpPlanDir, readFollowUpPlans } from './follow-up/plans.loader.js';
import { followUpWorkflows } from './follow-up/workflows.js';
import { goodwillModule } from './goodwill/index.js';
import { preferentialClaimModule } from './preferential-claim/index.js';
import type { PolicySet } from './warranty-claim/eligibility/policy.js';
import { InvalidPolicyError } from './warranty-claim/eligibility/policy-validation.js';
import { warrantyClaimModule } from './warranty-claim/index.js';
import { bundledPolicyDir, readPolicySet } from './warranty-claim/policies.loader.js';
import { bundledPriceListDir, readPriceLists } from './warranty-claim/price-lists.loader.js';
import type { PriceListSet } from './warranty-claim/pricing/price-list.js';
import { InvalidPriceListError } from './warranty-claim/pricing/price-list-validation.js';

/** Reference data some workflows are built from, read and validated by the process at start. */
export interface WorkflowReferenceData {
  readonly warrantyPolicies: PolicySet;
  /** FOLLOW_UP_PLAN_DIR's plans; the bundled ones when not given. */
  readonly followUpPlans?: FollowUpPlanSet;
  /** WARRANTY_PRICE_LIST_DIR's OEM price list versions; the bundled ones when not given. */
  readonly warrantyPriceLists?: PriceListSet;
}

/** Every workflow this engine runs: one line per workflow. */
export function registeredWorkflows(reference: WorkflowReferenceData): WorkflowModule[] {
  return [
    complaintModule,
    goodwillModule,
    preferentialClaimModule(reference.warrantyPolicies),
    warrantyClaimModule(reference.warrantyPolicies, reference.warrantyPriceLists ?? readPriceLists()),
    ...followUpWorkflows(reference.followUpPlans ?? readFollowUpPlans()),
  ] as WorkflowModule[];
}

/**
 * The reference data named by the configured environment (`config.environment`): the warranty policies
 * of WARRANTY_POLICY_DIR, the OEM price lists of WARRANTY_PRICE_LIST_DIR and the follow-up plans of
 * FOLLOW_UP_PLAN_DIR, by default the shipped ones.
 * Bad files stop the process at start with one error naming, for each problem, the variable, the file and
 * the JSON path.
 */
export function loadWorkflowReferenceData(
  environment: Readonly<Record<string, string | undefined>>,
): WorkflowReferenceData {
  const problems: string[] = [];
  const folderOf = (variable: string): string | undefined =>
    environment[variable] ? resolve(process.cwd(), environment[variable]) : undefined;
  let warrantyPolicies: PolicySet | undefined;
  try {
    warrantyPolicies = readPolicySet(folderOf('WARRANTY_POLICY_DIR') ?? bundledPolicyDir());
  } catch (error) {
    if (error instanceof InvalidPolicyError)
      problems.push(...error.problems.map((p) => `WARRANTY_POLICY_DIR ${p.file} ${p.path}: ${p.problem}`));
    else problems.push(`WARRANTY_POLICY_DIR: ${(error as Error).message}`);
  }
  let warrantyPriceLists: PriceListSet | undefined;
  try {
    warrantyPriceLists = readPriceLists(folderOf('WARRANTY_PRICE_LIST_DIR') ?? bundledPriceListDir());
  } catch (error) {
    if (error instanceof InvalidPriceListError)
      problems.push(
        ...error.problems.map((p) => `WARRANTY_PRICE_LIST_DIR ${p.file} ${p.path}: ${p.problem}`),
      );
    else problems.push(`WARRANTY_PRICE_LIST_DIR: ${(error as Error).message}`);
  }
  let followUpPlans: FollowUpPlanSet | undefined;
  try {
    followUpPlans = readFollowUpPlans(folderOf('FOLLOW_UP_PLAN_DIR') ?? bundledFollowUpPlanDir());
  } catch (error) {
    if (error instanceof InvalidFollowUpPlanError)
      problems.push(...error.problems.map((p) => `FOLLOW_UP_PLAN_DIR ${p.file} ${p.path}: ${p.problem}`));
    else problems.push(`FOLLOW_UP_PLAN_DIR: ${(error as Error).message}`);
  }
  if (
    problems.length > 0 ||
    warrantyPolicies === undefined ||
    followUpPlans === undefined ||
    warrantyPriceLists === undefined
  )
    throw new ConfigurationError(problems);
  return { warrantyPolicies, followUpPlans, warrantyPriceLists };
}

/** Every registered workflow, built from the reference data the configured environment names. */
export function loadRegisteredWorkflows(
  environment: Readonly<Record<string, string | undefined>>,
): WorkflowModule[] {
  return registeredWorkflows(loadWorkflowReferenceData(environment));
}
