import type { FieldError, WorkflowDefinition } from '../../../libs/kernel/index.js';
import { WarrantyClaimEvents } from '../events.js';
import type { PolicySet } from '../eligibility/policy.js';
import type { WarrantyClaimContext } from '../warranty-claim-context.js';
import { createWarrantyClaimWorkflowV1 } from '../warranty-claim.workflow.js';
import { FILING_DAYS, warrantyClaimMachineV2 } from './machine.js';

const CLOCKS = ['filing', 'old-parts-return'];

/** Every claimed part number carries exactly one tag, and no tag names a part that was not claimed. */
function tagProblems(context: WarrantyClaimContext, data: Record<string, unknown>): FieldError[] {
  const tags = Array.isArray(data.tags) ? (data.tags as { partNo?: unknown }[]) : [];
  const claimed = [...new Set(context.parts.map((part) => part.partNo))];
  const tagged = tags.map((tag) => String(tag.partNo));
  const problems: FieldError[] = [];
  for (const partNo of claimed)
    if (!tagged.includes(partNo))
      problems.push({ field: 'tags', reason: `the returned part ${partNo} has no tag`, code: 'required' });
  tagged.forEach((partNo, index) => {
    if (!claimed.includes(partNo))
      problems.push({ field: `tags.${index}.partNo`, reason: `${partNo} is not a part of this claim` });
    else if (tagged.indexOf(partNo) !== index)
      problems.push({ field: `tags.${index}.partNo`, reason: `${partNo} is tagged twice` });
  });
  return problems;
}

/**
 * The warranty claim workflow, version 2: v1's actions on the v2 machine (docs/warranty.md "What changed
 * from v1"): `submit` is withheld once the seed's 10-day filing window has closed; the old parts are
 * tagged, returned on a clock, and inspected by the OEM before an approval is possible.
 */
export function createWarrantyClaimWorkflowV2(
  policySet: PolicySet,
): WorkflowDefinition<WarrantyClaimContext> {
  const v1 = createWarrantyClaimWorkflowV1(policySet, FILING_DAYS);
  return {
    ...v1,
    version: 2,
    machine: warrantyClaimMachineV2,
    actions: {
      ...v1.actions,
      submit: {
        ...v1.actions.submit!,
        description: `File the claim with the OEM within ${FILING_DAYS} days of the service; after that it is no longer offered, only withdrawal is.`,
      },
      'ship-old-parts': {
        ...v1.actions['ship-old-parts']!,
        description: "Ship the replaced old parts to the OEM's claims centre, one tag per claimed part.",
        check: (context, data) => (context === undefined ? [] : tagProblems(context, data)),
      },
      'inspect-old-parts': {
        eventType: WarrantyClaimEvents.oldPartsInspected,
        roles: ['oem_claims'],
        description:
          "The OEM's claims centre inspects the returned parts: whether the part caused the failure, and each part's disposition. Approval needs a confirmed part.",
      },
      reject: {
        ...v1.actions.reject!,
        description:
          'The OEM rejects the claim with the reason; also before the parts arrive once their return clock has run out.',
      },
      'record-breach': {
        ...v1.actions['record-breach']!,
        description:
          'Recorded by the SLA sweeper when the filing deadline or the old-parts return deadline passes.',
        check: (_context, data): FieldError[] =>
          CLOCKS.includes(String(data.kind))
            ? []
            : [{ field: 'kind', reason: `a warranty claim's deadlines are ${CLOCKS.join(', ')}` }],
      },
    },
  };
}
