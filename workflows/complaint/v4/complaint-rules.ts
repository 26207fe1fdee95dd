// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { Role } from '../../../libs/kernel/index.js';
import type { ComplaintContext, MajorComplaintRule } from '../complaint-context.js';
import type { ComplaintIntake, ProblemClass, Satisfaction } from '../events.js';

/** A follow-up at one of these levels reopens the case (DOMAIN.md §1 step 8). */
export const DISSATISFIED_LEVELS: readonly Satisfaction[] = [
  'somewhat_dissatisfied',
  'dissatisfied',
  'very_dissatisfied',
];

const ESCALATION_ROLES = { 1: 'service_manager', 2: 'general_manager' } as const;

/** Who prepares the resolution: the routed handler, or the manager the case was escalated to. */
export function handlerRole(context: Pick<ComplaintContext, 'escalationLevel' | 'routedTo'>): Role {
  if (context.escalationLevel === 0) return context.routedTo ?? 'service_manager';
  return ESCALATION_ROLES[context.escalationLevel];
}

/** Parts shortage → parts manager; technical or repair quality → technical director; else service manager. */
export function routeFor(problemClass: ProblemClass): Role {
  if (problemClass === 'parts') return 'parts_manager';
  if (problemClass === 'technical') return 'technical_director';
  return 'service_manager';
}

export function isMajor(
  intake: Pick<ComplaintIntake, 'severity' | 'safety' | 'channel' | 'customer'>,
  rule: MajorComplaintRule,
): boolean {
  return (
    intake.severity === 'major' ||
    intake.safety === true ||
    intake.channel === 'authority_referral' ||
    (intake.customer.sensitive ?? []).some((sensitivity) => rule.sensitivities.includes(sensitivity))
  );
}
