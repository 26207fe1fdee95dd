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

/** What makes a complaint major at intake, per machine version. */
export interface MajorComplaintRule {
  /** Customer sensitivities that make a complaint major on their own. */
  readonly sensitivities: readonly string[];
}
