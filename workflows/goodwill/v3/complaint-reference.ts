// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { CaseReference } from '../../../libs/kernel/index.js';
import type { ComplaintContext } from '../../complaint/complaint-context.js';

/**
 * The complaint a v3 application settles: required, found by the engine among the applicant's visible
 * complaints of the same dealer, and summarized for the check by what makes it one goodwill may settle
 * (「为了处理重大客户投诉」 [003]): whether it is major, and the state it was in. Nothing personal.
 */
export const settledComplaint: CaseReference = {
  caseType: 'complaint',
  required: true,
  summarize: (context, state) => ({ major: (context as ComplaintContext).major === true, state }),
};
