// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { Actor, Role } from '../../../libs/kernel/index.js';
import type { Signature } from '../../approvals/signature.js';

/**
 * Segregation of duties: one person never signs the same application twice (even holding two roles), and
 * the applicant never approves their own application.
 */
export function maySign(actor: Actor, signatures: readonly Signature[], applicantId: string): boolean {
  return actor.id !== applicantId && !signatures.some((signature) => signature.actorId === actor.id);
}

export function signature(role: Role, actor: Actor, at: string, comment: unknown): Signature {
  return {
    role,
    actorId: actor.id,
    actorName: actor.name ?? null,
    at,
    comment: typeof comment === 'string' ? comment : null,
  };
}
