// The complaint workflow as an Emmett decider: payload schemas, decide and evolve, and the command handler
// built from them. Shared by both Emmett sides of the benchmark, Emmett-SQLite (emmett-complaint.mjs) and
// Emmett-PostgreSQL (emmett-postgresql-complaint.mjs), so both run exactly the same decisions.
import { DeciderCommandHandler, IllegalStateError } from '@event-driven-io/emmett';

// ---------------------------------------------------------------------------------------------------
// The payload schemas: the rules of workflows/complaint/commands.ts for the commands the workload sends,
// with the fields complaint v3 requires made required, checked by hand as an Emmett application would
// (Emmett ships no validator). As on the engine's side: unknown fields are refused, strings have their
// lengths, enums their values, the phone and the VIN are normalised before they are checked, and the
// decider only sees the validated copy.

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;
const PHONE = /^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/;
const normalisedVin = (typed) => typed.replace(/[\s-]+/g, '').toUpperCase();
function normalisedPhone(typed) {
  const compact = typed.replace(/[\s()]+/g, '');
  const mobile = /^(?:\+?86)?-?(1[3-9]\d{9})$/.exec(compact.replace(/-/g, ''));
  return mobile === null ? compact : mobile[1];
}

const text = (max, extra = {}) => ({ kind: 'text', min: 1, max, ...extra });
const optional = (rule) => ({ ...rule, optional: true });
const oneOf = (values) => ({ kind: 'oneOf', values });
const integer = (min, max) => ({ kind: 'integer', min, max });
const object = (fields) => ({ kind: 'object', fields });

const SCHEMAS = {
  create: object({
    channel: oneOf(['walk_in', 'phone', 'letter', 'email', 'oem_hotline', 'online', 'authority_referral']),
    category: oneOf([
      'service_attitude',
      'repair_technique',
      'repair_price',
      'delay',
      'parts_quality',
      'product_quality',
    ]),
    severity: oneOf(['normal', 'major']),
    safety: optional({ kind: 'boolean' }),
    customer: object({
      name: text(100),
      phone: { kind: 'text', min: 0, max: Infinity, pattern: PHONE, normalise: normalisedPhone },
      class: oneOf(['A', 'B', 'C']),
      sensitive: optional({
        kind: 'list',
        max: 4,
        each: oneOf(['media', 'vip', 'key_account', 'demanding']),
      }),
    }),
    vehicle: object({
      vin: { kind: 'text', min: 0, max: Infinity, pattern: VIN, normalise: normalisedVin },
      plate: optional({ kind: 'text', min: 0, max: 16 }),
      model: optional({ kind: 'text', min: 0, max: 64 }),
      mileageKm: optional(integer(0, 2_000_000)),
      invoiceDate: optional({ kind: 'text', min: 10, max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/ }),
    }),
    repairOrderId: optional({ kind: 'text', min: 0, max: 64 }),
    description: text(4000),
  }),
  verify: object({
    findings: text(4000),
    problemClass: oneOf(['parts', 'technical', 'other']),
    judgement: oneOf(['defect', 'dissatisfaction', 'customer_fault']),
  }),
  'propose-resolution': object({
    cause: text(4000),
    plan: text(4000),
    appointmentAt: optional({ kind: 'text', min: 10, max: 40, pattern: /^\d{4}-\d{2}-\d{2}/ }),
    costHandling: object({
      payer: oneOf(['dealer', 'oem', 'customer', 'shared']),
      amountCents: integer(0, 10_000_000_000),
      currency: optional({ kind: 'text', min: 3, max: 3, pattern: /^[A-Z]{3}$/ }),
      notes: optional({ kind: 'text', min: 0, max: 2000 }),
    }),
  }),
  'record-customer-reply': object({
    decision: oneOf(['accepted', 'rejected']),
    notes: optional({ kind: 'text', min: 0, max: 2000 }),
  }),
  'receive-repair-order': object({ internalOrderRef: text(64) }),
  'report-feedback': object({ result: text(4000) }),
  'confirm-satisfaction': object({ satisfied: { kind: 'boolean' } }),
  'record-follow-up': object({
    satisfaction: oneOf([
      'very_satisfied',
      'satisfied',
      'fairly_satisfied',
      'neutral',
      'somewhat_dissatisfied',
      'dissatisfied',
      'very_dissatisfied',
    ]),
    notes: optional({ kind: 'text', min: 0, max: 2000 }),
  }),
  close: object({
    rootCause: text(4000, { notBlank: true }),
    preventiveAction: text(4000, { notBlank: true }),
  }),
};

/** Returns the validated, normalised copy of `value`, or pushes a `field: reason` problem and returns undefined. */
function checked(rule, value, field, problems) {
  if (value === undefined || value === null) {
    if (!rule.optional) problems.push(`${field}: is required`);
    return undefined;
  }
  switch (rule.kind) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value))
        return void problems.push(`${field}: must be an object`);
      const copy = {};
      for (const key of Object.keys(value))
        if (!(key in rule.fields)) problems.push(`${field ? `${field}.` : ''}${key}: is not a known field`);
      for (const [key, inner] of Object.entries(rule.fields)) {
        const result = checked(inner, value[key], field ? `${field}.${key}` : key, problems);
        if (result !== undefined) copy[key] = result;
      }
      return copy;
    }
    case 'text': {
      if (typeof value !== 'string') return void problems.push(`${field}: must be a string`);
      const typed = rule.normalise ? rule.normalise(value) : value;
      if (typed.length < rule.min || typed.length > rule.max) problems.push(`${field}: has the wrong length`);
      if (rule.notBlank && typed.trim().length === 0) problems.push(`${field}: must not be blank`);
      if (rule.pattern && !rule.pattern.test(typed)) problems.push(`${field}: has the wrong form`);
      return typed;
    }
    case 'oneOf':
      if (!rule.values.includes(value)) problems.push(`${field}: must be one of ${rule.values.join(', ')}`);
      return value;
    case 'integer':
      if (!Number.isInteger(value) || value < rule.min || value > rule.max)
        problems.push(`${field}: must be an integer from ${rule.min} to ${rule.max}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${field}: must be a boolean`);
      return value;
    case 'list':
      if (!Array.isArray(value) || value.length > rule.max)
        return void problems.push(`${field}: must be a list`);
      return value.map((item, index) => checked(rule.each, item, `${field}.${index}`, problems));
    default:
      throw new Error(`unknown rule ${rule.kind}`);
  }
}

/**
 * A refusal: the command is wrong for the case or its payload breaks the schema (never expected from the
 * workload). Marked by a property: IllegalStateError resets its prototype, so a subclass cannot be told apart.
 */
export const REFUSAL = Symbol('refusal');
class Refusal extends IllegalStateError {
  constructor(message) {
    super(message);
    this[REFUSAL] = true;
  }
}

function validated(command) {
  const schema = SCHEMAS[command.type];
  if (schema === undefined) throw new Refusal(`unknown command '${command.type}'`);
  const problems = [];
  const data = checked(schema, command.data ?? {}, '', problems);
  if (problems.length > 0) throw new Refusal(`'${command.type}' payload refused: ${problems.join('; ')}`);
  return data;
}

// ---------------------------------------------------------------------------------------------------
// The decider: the same states, guards, routing and v3 rules as workflows/complaint/v3/machine.ts and
// complaint.workflow.ts for the commands of the workload and the branches they can take.

const MAJOR_SENSITIVITIES = ['media', 'vip', 'key_account'];
const DISSATISFIED = ['somewhat_dissatisfied', 'dissatisfied', 'very_dissatisfied'];
const ESCALATION_ROLES = [null, 'service_manager', 'general_manager'];
const ROUTES = { parts: 'parts_manager', technical: 'technical_director', other: 'service_manager' };
/** 权限范围 in fen, as workflows/complaint/v3/complaint-context.ts. */
const AUTHORITY_LIMIT_CENTS = {
  parts_manager: 200_000,
  technical_director: 200_000,
  service_manager: 1_000_000,
  general_manager: 5_000_000,
};

const initialState = () => ({ status: 'none' });

/** Dealer staff of the owning dealer holding `role` (all complaint roles are dealer roles). */
const actsAs = (actor, role, state) =>
  actor.roles.includes(role) && actor.dealerId !== undefined && actor.dealerId === state.dealerId;

const handlerRole = (state) =>
  state.escalationLevel === 0
    ? (state.routedTo ?? 'service_manager')
    : ESCALATION_ROLES[state.escalationLevel];

const refuse = (command, state) => {
  throw new Refusal(`'${command.type}' is not allowed in state '${state.status}' for this actor`);
};

const event = (type, command, data) => ({
  type,
  data: { ...data, actor: command.metadata.actor, occurredAt: command.metadata.now.toISOString() },
});

function decide(command, state) {
  const { actor } = command.metadata;
  const data = validated(command);
  switch (command.type) {
    case 'create':
      if (state.status !== 'none' || actor.dealerId === undefined) return refuse(command, state);
      if (!actor.roles.includes('reception') && !actor.roles.includes('customer_service'))
        return refuse(command, state);
      return event('ComplaintReceived', command, {
        ...data,
        caseId: command.metadata.caseId,
        dealerId: actor.dealerId,
        regionId: actor.regionId,
      });
    case 'verify':
      if (state.status !== 'received' || !actsAs(actor, 'customer_service', state))
        return refuse(command, state);
      return event('ComplaintVerified', command, data);
    case 'propose-resolution': {
      if (state.status !== 'routed' || !actsAs(actor, handlerRole(state), state))
        return refuse(command, state);
      const limit = AUTHORITY_LIMIT_CENTS[handlerRole(state)];
      const cost = data.costHandling;
      if (cost.payer !== 'customer' && limit !== undefined && cost.amountCents > limit)
        throw new Refusal(`costHandling.amountCents: exceeds the ${handlerRole(state)}'s authority`);
      return event('ComplaintResolutionProposed', command, data);
    }
    case 'record-customer-reply':
      if (
        state.status !== 'awaiting_customer_reply' ||
        !(actsAs(actor, 'service_advisor', state) || actsAs(actor, 'customer_service', state))
      )
        return refuse(command, state);
      return event('ComplaintCustomerReplied', command, data);
    case 'receive-repair-order':
      if (state.status !== 'awaiting_repair_order' || !actsAs(actor, 'service_advisor', state))
        return refuse(command, state);
      return event('ComplaintRepairOrderReceived', command, data);
    case 'report-feedback':
      if (state.status !== 'awaiting_feedback' || !actsAs(actor, 'service_advisor', state))
        return refuse(command, state);
      return event('ComplaintFeedbackReported', command, data);
    case 'confirm-satisfaction':
      if (state.status !== 'awaiting_satisfaction' || !actsAs(actor, 'customer_service', state))
        return refuse(command, state);
      return event('ComplaintSatisfactionConfirmed', command, data);
    case 'record-follow-up':
      if (state.status !== 'awaiting_follow_up' || !actsAs(actor, 'customer_service', state))
        return refuse(command, state);
      return event('ComplaintFollowUpRecorded', command, data);
    case 'close':
      if (state.status !== 'followed_up' || !actsAs(actor, 'customer_service', state))
        return refuse(command, state);
      return event('ComplaintClosed', command, data);
    default:
      throw new Refusal(`unknown command '${command.type}'`);
  }
}

/** One level above the current holder; the manager reached gets their authority limit. */
const escalate = (state, reason, e) => {
  if (state.escalationLevel >= 2) return state;
  const level = state.escalationLevel + 1;
  return {
    ...state,
    escalationLevel: level,
    escalations: [...state.escalations, { level, reason, by: e.data.actor.id, at: e.data.occurredAt }],
    authorityLimitCents: AUTHORITY_LIMIT_CENTS[ESCALATION_ROLES[level]],
  };
};

const freshPlan = {
  resolution: null,
  customerReply: null,
  feedback: null,
  satisfied: null,
  proposedCost: null,
};

const routedBack = (state) => ({
  ...state,
  ...freshPlan,
  status: 'routed',
  assignedRole: handlerRole(state),
});

function evolve(state, e) {
  const d = e.data;
  switch (e.type) {
    case 'ComplaintReceived': {
      const sensitive = d.customer.sensitive ?? [];
      const major =
        d.severity === 'major' ||
        d.safety === true ||
        d.channel === 'authority_referral' ||
        sensitive.some((s) => MAJOR_SENSITIVITIES.includes(s));
      return {
        status: 'received',
        caseId: d.caseId,
        dealerId: d.dealerId,
        regionId: d.regionId,
        channel: d.channel,
        category: d.category,
        severity: d.severity,
        major,
        managerJoined: major,
        customer: { ...d.customer, sensitive },
        vehicle: d.vehicle,
        description: d.description,
        receivedBy: d.actor.id,
        assignedRole: 'customer_service',
        escalationLevel: 0,
        escalations: [],
        routedTo: null,
        reopenCount: 0,
        clocks: { feedback: 'idle', 'follow-up': 'idle' },
      };
    }
    case 'ComplaintVerified': {
      const routedTo = ROUTES[d.problemClass];
      const escalationLevel = Math.max(state.escalationLevel, routedTo === 'service_manager' ? 1 : 0);
      const next = {
        ...state,
        status: 'routed',
        problemClass: d.problemClass,
        findings: d.findings,
        judgement: d.judgement,
        routedTo,
        escalationLevel,
      };
      return {
        ...next,
        authorityLimitCents: AUTHORITY_LIMIT_CENTS[handlerRole(next)],
        assignedRole: handlerRole(next),
      };
    }
    case 'ComplaintResolutionProposed':
      return {
        ...state,
        status: 'awaiting_customer_reply',
        resolution: { cause: d.cause, plan: d.plan, proposedBy: d.actor.id, proposedAt: d.occurredAt },
        proposedCost: { currency: 'CNY', notes: null, ...d.costHandling },
        assignedRole: 'service_advisor',
      };
    case 'ComplaintCustomerReplied':
      return d.decision === 'accepted'
        ? {
            ...state,
            status: 'awaiting_repair_order',
            customerReply: d,
            agreedCost: { ...state.proposedCost, at: d.occurredAt },
            assignedRole: 'service_advisor',
          }
        : routedBack(escalate(state, 'customer rejected the proposed resolution', e));
    case 'ComplaintRepairOrderReceived':
      return {
        ...state,
        status: 'awaiting_feedback',
        repairOrder: { ref: d.internalOrderRef, receivedBy: d.actor.id, at: d.occurredAt },
        clocks: { ...state.clocks, feedback: 'running' },
      };
    case 'ComplaintFeedbackReported':
      return {
        ...state,
        status: 'awaiting_satisfaction',
        feedback: { result: d.result, reportedBy: d.actor.id, at: d.occurredAt },
        clocks: { ...state.clocks, feedback: 'stopped' },
        assignedRole: 'customer_service',
      };
    case 'ComplaintSatisfactionConfirmed':
      return d.satisfied
        ? {
            ...state,
            status: 'awaiting_follow_up',
            satisfied: true,
            clocks: { ...state.clocks, 'follow-up': 'running' },
            assignedRole: 'customer_service',
          }
        : routedBack({ ...state, clocks: { ...state.clocks, feedback: 'running' } });
    case 'ComplaintFollowUpRecorded':
      return DISSATISFIED.includes(d.satisfaction)
        ? routedBack({
            ...state,
            followUp: d,
            reopenCount: state.reopenCount + 1,
            clocks: { ...state.clocks, 'follow-up': 'stopped', feedback: 'running' },
          })
        : {
            ...state,
            status: 'followed_up',
            followUp: d,
            clocks: { ...state.clocks, 'follow-up': 'stopped' },
          };
    case 'ComplaintClosed':
      return {
        ...state,
        status: 'closed',
        rootCause: d.rootCause,
        preventiveAction: d.preventiveAction,
        closedAt: d.occurredAt,
        assignedRole: null,
      };
    default:
      return state;
  }
}

export const handle = DeciderCommandHandler({
  decide,
  evolve,
  initialState,
  mapToStreamId: (id) => `complaint-${id}`,
});
