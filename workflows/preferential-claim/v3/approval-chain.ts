// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { Actor, Role } from '../../../libs/kernel/index.js';
import type { Seat } from '../../approvals/seats.js';
import type { Signature } from '../../approvals/signature.js';

/** Both sign the claim form, in either order (seed 003). */
export const PREFERENTIAL_CLAIM_SIGNERS: readonly Role[] = ['field_technical_manager', 'field_service_rep'];

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

/**
 * Segregation of duties by person (approval chains from version 2 on): whoever acts on the chain takes
 * the seat of the role they act in, and may act again only in that seat. One person is one set of eyes,
 * whatever roles their token carries: the applicant never confirms or signs, and nobody signs as one role
 * and rejects, confirms or signs again as another. Steps the chain gives to one role (the after-sales rep
 * confirms the waiver and signs first; the FTM decides the quality problem, signs and notifies) are one
 * seat, so one person may take all of them.
 */
export function maySit(seats: readonly Seat[], actorId: string, role: Role): boolean {
  const seat = seats.find((taken) => taken.actorId === actorId);
  return seat === undefined || seat.role === role;
}

/** The seats after `actorId` acted as `role` (unchanged when that is already their seat). */
export function takeSeat(seats: readonly Seat[], actorId: string, role: Role): readonly Seat[] {
  return seats.some((taken) => taken.actorId === actorId) ? seats : [...seats, { actorId, role }];
}
