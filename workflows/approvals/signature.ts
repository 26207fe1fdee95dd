import type { Role } from '../../libs/kernel/index.js';

// Types only, shared by every version's context: the rules that use them live in each version's approval-chain.ts.

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
