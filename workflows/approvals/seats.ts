import type { Role } from '../../libs/kernel/index.js';

// Types only, shared by every version's context: the rules that use them live in each version's approval-chain.ts.

/** The role one person acts in on a case's approval chain. */
export interface Seat {
  readonly actorId: string;
  readonly role: Role;
}
