import type { CaseContext, WorkflowDefinition } from '../../libs/kernel/index.js';
import { shippedPolicies } from '../../libs/testing/warranty-policies.js';
import { complaintWorkflowV1, complaintWorkflowV2 } from '../complaint/complaint.workflow.js';
import { complaintScenarios } from '../complaint/golden-scenarios.js';
import { goodwillScenarios } from '../goodwill/golden-scenarios.js';
import { goodwillWorkflowV1, goodwillWorkflowV2 } from '../goodwill/goodwill.workflow.js';
import { preferentialClaimScenarios } from '../preferential-claim/golden-scenarios.js';
import {
  preferentialClaimWorkflowV1,
  preferentialClaimWorkflowV2,
} from '../preferential-claim/preferential-claim.workflow.js';
import { warrantyClaimScenarios } from '../warranty-claim/golden-scenarios.js';
import { createWarrantyClaimWorkflowV1 } from '../warranty-claim/warranty-claim.workflow.js';
import type { GoldenScenario } from './golden-scenario.js';

/** A workflow folder, its released (registered) versions and the paths recorded for them. */
export interface ReleasedWorkflow {
  readonly folder: string;
  readonly versions: readonly WorkflowDefinition<CaseContext>[];
  readonly scenarios: readonly GoldenScenario[];
}

/** Every released version has golden streams; an unreleased one (complaint v3) has none until it is registered. */
export function releasedWorkflows(): ReleasedWorkflow[] {
  const policies = shippedPolicies();
  return [
    {
      folder: 'complaint',
      versions: [complaintWorkflowV1, complaintWorkflowV2],
      scenarios: complaintScenarios,
    },
    { folder: 'goodwill', versions: [goodwillWorkflowV1, goodwillWorkflowV2], scenarios: goodwillScenarios },
    {
      folder: 'preferential-claim',
      versions: [preferentialClaimWorkflowV1, preferentialClaimWorkflowV2],
      scenarios: preferentialClaimScenarios,
    },
    {
      folder: 'warranty-claim',
      versions: [createWarrantyClaimWorkflowV1(policies)],
      scenarios: warrantyClaimScenarios,
    },
  ] as ReleasedWorkflow[];
}

/** Where a version's golden streams live: workflows/<folder>/v<version>/golden/. */
export function goldenFolder(folder: string, version: number): string {
  return `workflows/${folder}/v${version}/golden`;
}
