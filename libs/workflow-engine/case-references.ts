import {
  canSee,
  caseReference,
  isUuid,
  type ActionDefinition,
  type Actor,
  type CaseContext,
  type FieldError,
  type ReferencedCaseSummary,
} from '../kernel/index.js';
import type { CaseRepository } from './case-repository.js';
import { contextOf, currentStateName } from './decider.js';
import type { WorkflowRegistry } from './workflow-registry.js';

/** The cases a command's payload names, as the caller may see them: summaries for `check`, or problems. */
export interface ResolvedReferences {
  readonly cases: Readonly<Record<string, ReferencedCaseSummary>>;
  readonly problems: readonly FieldError[];
}

export const NO_REFERENCES: ResolvedReferences = { cases: {}, problems: [] };

/**
 * A case may only point at a case of its own dealer that the caller can see (a goodwill application at
 * the complaint it settles, say). One refusal for "no such case", "not yours to see" and "another
 * dealer's", so the answer never tells whether another dealer's case exists. A reference that summarizes
 * gives the action's pure `check` a read-only summary of the case it names (CaseReference.summarize).
 * Nothing is thrown here: the decider refuses the problems once the machine has accepted the command, so a
 * caller without the role hears 403, not about a field.
 */
export async function resolveReferences(
  action: ActionDefinition | undefined,
  data: Record<string, unknown>,
  actor: Actor,
  ownerDealerId: string | undefined,
  repository: CaseRepository,
  registry: WorkflowRegistry,
): Promise<ResolvedReferences> {
  if (action?.references === undefined) return NO_REFERENCES;
  const problems: FieldError[] = [];
  const cases: Record<string, ReferencedCaseSummary> = {};
  for (const [field, declared] of Object.entries(action.references)) {
    const { caseType, summarize } = caseReference(declared);
    const id = data[field];
    if (id === undefined || id === null) continue;
    const referenced =
      typeof id === 'string' && isUuid(id) && registry.has(caseType)
        ? await repository.load(caseType, id)
        : undefined;
    const context = referenced === undefined ? undefined : contextOf<CaseContext>(referenced);
    if (
      referenced === undefined ||
      context === undefined ||
      !canSee(actor, context) ||
      context.dealerId !== ownerDealerId
    ) {
      problems.push({
        field,
        reason: `must name an existing ${caseType} of dealer ${ownerDealerId} that you may see`,
        code: 'not_found',
      });
      continue;
    }
    if (summarize !== undefined)
      cases[field] = Object.freeze({ ...summarize(context, currentStateName(referenced)) });
  }
  return { cases, problems };
}
