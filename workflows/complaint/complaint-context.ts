import type { CaseContext, Role } from '../../libs/kernel/index.js';
import type {
  Category,
  Channel,
  ComplaintIntake,
  ProblemClass,
  ReplyDecision,
  Satisfaction,
  Severity,
} from './events.js';

export interface Escalation {
  readonly level: 1 | 2;
  readonly to: 'service_manager' | 'general_manager';
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface ComplaintContext extends CaseContext {
  readonly channel: Channel;
  readonly category: Category;
  readonly severity: Severity;
  readonly safety: boolean;
  /** Media, authority referral, safety or severity major: the service manager joins from the start. */
  readonly major: boolean;
  readonly customer: ComplaintIntake['customer'];
  readonly vehicle: ComplaintIntake['vehicle'];
  readonly repairOrderId: string | null;
  readonly description: string;
  readonly receivedBy: string;
  readonly problemClass: ProblemClass | null;
  readonly findings: string | null;
  /** The handler the problem class routes to (parts_manager / technical_director / service_manager). */
  readonly routedTo: Role | null;
  /** 0 handler, 1 service manager, 2 general manager. */
  readonly escalationLevel: 0 | 1 | 2;
  readonly escalations: readonly Escalation[];
  readonly resolution: {
    readonly cause: string;
    readonly plan: string;
    readonly appointmentAt: string | null;
    readonly proposedBy: string;
    readonly proposedAs: Role;
    readonly proposedAt: string;
  } | null;
  readonly customerReply: {
    readonly decision: ReplyDecision;
    readonly notes: string | null;
    readonly at: string;
  } | null;
  readonly rejectedResolutions: number;
  readonly feedback: { readonly result: string; readonly reportedBy: string; readonly at: string } | null;
  readonly satisfied: boolean | null;
  readonly followUp: {
    readonly satisfaction: Satisfaction;
    readonly notes: string | null;
    readonly at: string;
  } | null;
  readonly reopenCount: number;
  readonly reopenReasons: readonly string[];
  readonly dismissalReason: string | null;
  readonly breaches: readonly { readonly kind: string; readonly dueAt: string; readonly at: string }[];
  readonly closedAt: string | null;
}

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

/** What makes a complaint major at intake, per machine version. */
export interface MajorComplaintRule {
  /** Customer sensitivities that make a complaint major on their own. */
  readonly sensitivities: readonly string[];
}

export function isMajor(
  intake: Pick<ComplaintIntake, 'severity' | 'safety' | 'channel' | 'customer'>,
  rule: MajorComplaintRule = { sensitivities: ['media'] },
): boolean {
  return (
    intake.severity === 'major' ||
    intake.safety === true ||
    intake.channel === 'authority_referral' ||
    (intake.customer.sensitive ?? []).some((sensitivity) => rule.sensitivities.includes(sensitivity))
  );
}

/** One level up (service manager, then general manager); at the top it stays with the general manager. */
export function escalated(
  context: Pick<ComplaintContext, 'escalationLevel' | 'escalations'>,
  reason: string,
  by: string,
  at: string,
): Pick<ComplaintContext, 'escalationLevel' | 'escalations'> {
  if (context.escalationLevel >= 2) return { escalationLevel: 2, escalations: context.escalations };
  const level = (context.escalationLevel + 1) as 1 | 2;
  return {
    escalationLevel: level,
    escalations: [...context.escalations, { level, to: ESCALATION_ROLES[level], reason, by, at }],
  };
}
