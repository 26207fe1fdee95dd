// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { FieldError, WorkflowDefinition } from '../../../libs/kernel/index.js';
import type { GoodwillContext } from '../goodwill-context.js';
import { goodwillWorkflowV2 } from '../goodwill.workflow.js';
import { settledComplaint } from './complaint-reference.js';
import { complaintProblems, costLineProblems, refuseProblems, timelineProblems } from './goodwill-rules.js';
import { goodwillMachineV3 } from './machine.js';

const opening = goodwillWorkflowV2.create;
const resubmission = goodwillWorkflowV2.actions.resubmit!;

/** From v3 the amount is the direct cost lines' sum: an amount of its own would bypass that rule. */
const noAmountOfItsOwn = (data: Record<string, unknown>): FieldError[] =>
  data.amountCents === undefined
    ? []
    : [
        {
          field: 'amountCents',
          reason:
            'is not taken from version 3 on: the amount is the sum of the direct cost lines (costLines)',
          code: 'unknown_field',
        },
      ];

/**
 * Goodwill payment v3, the seed's rules exactly (seed 003): an application settles a **major** complaint of
 * the same dealer (required; the engine finds it and the check sees whether it is major, 422 otherwise);
 * its costs are lines, direct or consequential, and only the direct ones are payable — the amount signed,
 * approved and paid is their sum; an emergency advance records the OEM's on-site confirmation, and the
 * waiver was signed before the advance; no date lies after the engine's clock. Applications opened under v1
 * or v2 keep their version (docs/approvals.md).
 */
export const goodwillWorkflowV3: WorkflowDefinition<GoodwillContext> = {
  ...goodwillWorkflowV2,
  version: 3,
  machine: goodwillMachineV3,
  create: {
    ...opening,
    description:
      "The dealer's service director applies for a major complaint, with the cost lines (direct ones payable) and the liability waiver signed before any advance.",
    references: { complaintId: settledComplaint },
    check: (_context, data, _actor, occurredAt, referenced) => {
      const costs = costLineProblems(data);
      const timeline = timelineProblems(data, occurredAt);
      return refuseProblems(
        [...noAmountOfItsOwn(data), ...costs.invalid, ...timeline.invalid],
        [...complaintProblems(referenced.complaintId), ...costs.refused, ...timeline.refused],
      );
    },
  },
  actions: {
    ...goodwillWorkflowV2.actions,
    resubmit: {
      ...resubmission,
      description:
        'The dealer corrects and resubmits, optionally with corrected cost lines; the signatures start again.',
      check: (_context, data) => {
        if (data.costLines === undefined) return noAmountOfItsOwn(data);
        const costs = costLineProblems(data);
        return refuseProblems([...noAmountOfItsOwn(data), ...costs.invalid], costs.refused);
      },
    },
  },
};
