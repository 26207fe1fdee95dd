import type { Role } from '../../libs/kernel/index.js';

/** The role one person acts in on a case's approval chain. */
export interface Seat {
  readonly actorId: string;
  readonly role: Role;
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
