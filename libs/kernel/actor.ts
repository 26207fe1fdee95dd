import type { Role } from './role.js';

/** Who acts. Comes from the verified token (or is the engine itself for SLA breaches). */
export interface Actor {
  readonly id: string;
  readonly name?: string;
  readonly roles: readonly Role[];
  /** Dealer staff act only for their dealer. */
  readonly dealerId?: string;
  /** Dealer staff and regional OEM staff belong to a region; national OEM staff have none. */
  readonly regionId?: string;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({
  id: 'system',
  name: 'SLA sweeper',
  roles: ['system'] as const,
});

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}
