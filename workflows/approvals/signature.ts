import type { Actor, Role } from '../../libs/kernel/index.js';

/** One signature on an approval form: who, in which role, when, with what comment. */
export interface Signature {
  readonly role: Role;
  readonly actorId: string;
  readonly actorName: string | null;
  readonly at: string;
  readonly comment: string | null;
}

/** A decision that ended or returned a form, with its reason. */
export interface SignerDecision {
  readonly decision: 'rejected' | 'returned';
  readonly role: Role;
  readonly actorId: string;
  readonly at: string;
  readonly reason: string;
}

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
