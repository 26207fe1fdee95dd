import {
  ValidationFailedError,
  canSee,
  isUuid,
  type ActionDefinition,
  type Actor,
  type CaseContext,
  type FieldError,
} from '../kernel/index.js';
import type { CaseRepository } from './case-repository.js';
import type { WorkflowRegistry } from './workflow-registry.js';

/**
 * A case may only point at a case of its own dealer that the caller can see (a goodwill application at
 * the complaint it settles, say). One refusal for "no such case", "not yours to see" and "another
 * dealer's", so the answer never tells whether another dealer's case exists.
 */
export async function checkReferences(
  action: ActionDefinition,
  data: Record<string, unknown>,
  actor: Actor,
  owner: CaseContext,
  repository: CaseRepository,
  registry: WorkflowRegistry,
): Promise<void> {
  if (action.references === undefined) return;
  const problems: FieldError[] = [];
  for (const [field, caseType] of Object.entries(action.references)) {
    const id = data[field];
    if (id === undefined || id === null) continue;
    const referenced =
      typeof id === 'string' && isUuid(id) && registry.has(caseType)
        ? await repository.load(caseType, id)
        : undefined;
    const context = referenced?.snapshot.context as CaseContext | undefined;
    if (context === undefined || !canSee(actor, context) || context.dealerId !== owner.dealerId) {
      problems.push({
        field,
        reason: `must name an existing ${caseType} of dealer ${owner.dealerId} that you may see`,
        code: 'not_found',
      });
    }
  }
  if (problems.length > 0)
    throw new ValidationFailedError(problems, problems.map((p) => p.reason).join('; '));
}
