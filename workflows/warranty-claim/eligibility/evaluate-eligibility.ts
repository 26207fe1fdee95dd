import { dateOf, isoDate, repairDays, spanEnd, withinSpan } from './calendar-dates.js';
import type { Coverage, EligibilityDecision, EligibilityRequest, Reason } from './eligibility-request.js';
import type { FaultCondition, PolicyRule, PolicySet, Span, WarrantyPolicy } from './policy.js';

/** Part classes no warranty period covers as such: consumables and accident parts (seed 000 classes). */
const NOT_WARRANTED_CLASSES = ['consumable', 'accident'];

function effectiveOn(policy: WarrantyPolicy, day: string): boolean {
  return policy.effectiveFrom <= day && (policy.effectiveUntil === undefined || day < policy.effectiveUntil);
}

function periodStart(policy: WarrantyPolicy, request: EligibilityRequest): Date {
  const vehicle = request.vehicle;
  if (policy.kind === 'statutory' && vehicle.periodsRestartedAt) return dateOf(vehicle.periodsRestartedAt);
  if (policy.start.basis === 'registration_or_invoice')
    return dateOf(vehicle.registrationDate ?? vehicle.invoiceDate);
  if (policy.start.basis === 'invoice_or_delivery' && vehicle.deliveryDate)
    return dateOf(vehicle.deliveryDate);
  return dateOf(vehicle.invoiceDate);
}

function faultMatches(condition: FaultCondition | undefined, fault: EligibilityRequest['fault']): boolean {
  if (condition === undefined) return true;
  if (condition.systems && !condition.systems.includes(fault.system)) return false;
  if (condition.mainPart === true && fault.mainPart !== true) return false;
  if (condition.requiresReplacement === true && fault.requiresReplacement !== true) return false;
  if (condition.failures && (fault.failure === undefined || !condition.failures.includes(fault.failure)))
    return false;
  if (condition.seriousSafetyFailure === true && fault.seriousSafetyFailure !== true) return false;
  return true;
}

interface Context {
  readonly policy: WarrantyPolicy;
  readonly request: EligibilityRequest;
  readonly start: Date;
  readonly at: Date;
  readonly coverage: Coverage[];
  readonly reasons: Reason[];
  readonly flags: Set<string>;
}

function covered(
  context: Context,
  rule: PolicyRule,
  kind: Coverage['kind'],
  span?: Span,
  from?: Date,
  extra: Partial<Coverage> = {},
): void {
  const start = from ?? context.start;
  const end = span ? spanEnd(start, span) : undefined;
  context.coverage.push({
    kind,
    ruleId: rule.ruleId,
    from: isoDate(start),
    ...(end !== undefined ? { until: isoDate(end) } : {}),
    ...extra,
  });
  context.reasons.push({ ruleId: rule.ruleId, text: rule.text });
}

/** Art. 24 remedies: replacement or return inside the replacement period, with usage compensation when due. */
function replacementOrReturn(
  context: Context,
  rule: PolicyRule & { within: Span; usageCompensation?: boolean },
): void {
  covered(
    context,
    rule,
    'vehicle_replacement_or_return',
    rule.within,
    undefined,
    rule.usageCompensation ? usageCompensation(context) : {},
  );
}

function usageCompensation(context: Context): Partial<Coverage> {
  const { policy, request } = context;
  if (policy.usageCompensation === undefined || request.vehicle.priceCents === undefined) return {};
  const { defaultRate, minRate, maxRate } = policy.usageCompensation;
  const rate = Math.min(maxRate, Math.max(minRate, request.vehicle.usageCompensationRate ?? defaultRate));
  return { compensationCents: Math.round(((request.vehicle.priceCents * request.mileageKm) / 1000) * rate) };
}

function inWindow(context: Context, span: Span): boolean {
  return withinSpan(context.start, span, context.at, context.request.mileageKm);
}

/** Repairs in the history that lie inside the window, plus the current repair when it is of the same problem. */
function repairsInWindow(context: Context, span: Span) {
  const end = spanEnd(context.start, span);
  return (context.request.history?.repairs ?? []).filter((repair) => {
    const started = dateOf(repair.startedAt);
    return started >= context.start && (end === undefined || started <= end);
  });
}

function applyRule(context: Context, rule: PolicyRule): void {
  const { request } = context;
  const fault = request.fault;
  const partClass = fault.partClass;
  switch (rule.kind) {
    case 'window': {
      const general = rule.coverage === 'free_repair';
      if (general && (partClass === 'wear' || NOT_WARRANTED_CLASSES.includes(partClass ?? ''))) return;
      if (faultMatches(rule.when, fault) && inWindow(context, rule.within)) {
        covered(
          context,
          rule,
          rule.coverage,
          rule.within,
          undefined,
          rule.usageCompensation ? usageCompensation(context) : {},
        );
      }
      return;
    }
    case 'wear_part': {
      if (partClass !== 'wear') return;
      const period = fault.wearPartPeriod;
      if (period === undefined) {
        context.flags.add('wear_part_period_unknown');
        return;
      }
      const span = { months: period.months, km: period.km };
      if (withinSpan(context.start, span, context.at, request.mileageKm) && inWindow(context, rule.within)) {
        covered(context, rule, 'wear_part', span);
      }
      return;
    }
    case 'backup_vehicle': {
      const repair = request.currentRepair;
      if (repair === undefined || !inWindow(context, rule.within)) return;
      const days = repairDays(repair.startedAt, repair.completedAt ?? request.at, repair.excludedHours);
      if (days > rule.singleRepairDaysOver) {
        covered(
          context,
          rule,
          'backup_vehicle',
          undefined,
          new Date(dateOf(repair.startedAt).getTime() + rule.singleRepairDaysOver * 86_400_000),
        );
      }
      return;
    }
    case 'repeat_repairs': {
      if (fault.problemKey === undefined || !inWindow(context, rule.within)) return;
      const earlier = repairsInWindow(context, rule.within).filter(
        (repair) => repair.problemKey === fault.problemKey,
      ).length;
      if (earlier + 1 >= rule.sameProblemRepairsAtLeast) {
        replacementOrReturn(context, rule);
      }
      return;
    }
    case 'cumulative_repair_days': {
      if (!inWindow(context, rule.within)) return;
      const past = repairsInWindow(context, rule.within).reduce(
        (sum, repair) => sum + repairDays(repair.startedAt, repair.completedAt, repair.excludedHours),
        0,
      );
      const current = request.currentRepair
        ? repairDays(
            request.currentRepair.startedAt,
            request.currentRepair.completedAt ?? request.at,
            request.currentRepair.excludedHours,
          )
        : 0;
      if (past + current > rule.daysOver) {
        replacementOrReturn(context, rule);
      }
      return;
    }
    case 'repeat_safety_failure': {
      if (fault.seriousSafetyFailure !== true || !inWindow(context, rule.within)) return;
      const repairs = repairsInWindow(context, rule.within).filter(
        (repair) =>
          repair.seriousSafetyFailure === true &&
          (fault.problemKey === undefined || repair.problemKey === fault.problemKey),
      ).length;
      if (repairs >= rule.repairsAtLeast) {
        replacementOrReturn(context, rule);
      }
      return;
    }
    case 'repeat_assembly_replacement': {
      if (!rule.systems.includes(fault.system) || !inWindow(context, rule.within)) return;
      const replaced = repairsInWindow(context, rule.within).filter(
        (repair) => repair.system === fault.system && repair.assemblyReplaced === true,
      ).length;
      if (replaced >= rule.replacementsAtLeast) {
        replacementOrReturn(context, rule);
      }
      return;
    }
    case 'vehicle_warranty': {
      if (partClass === 'wear' || NOT_WARRANTED_CLASSES.includes(partClass ?? '')) return;
      const soldAs = request.vehicle.originalUse ?? request.vehicle.use;
      if (request.vehicle.originalUse !== undefined && request.vehicle.originalUse !== request.vehicle.use) {
        context.flags.add('change_of_use_keeps_original_period');
      }
      const span = rule.byUse[soldAs];
      if (inWindow(context, span)) covered(context, rule, 'oem_warranty_repair', span);
      return;
    }
    case 'part_warranty': {
      for (const part of request.parts ?? []) {
        if (part.boughtAtAuthorizedDealer !== true || part.installedAt === undefined) continue;
        const installed = dateOf(part.installedAt);
        if (withinSpan(installed, { ...rule.within, km: undefined }, context.at, undefined)) {
          covered(context, rule, 'part_warranty', { ...rule.within, km: undefined }, installed);
        }
      }
      return;
    }
    case 'preferential_candidate':
      return; // decided after every other rule (it applies only when nothing else does)
  }
}

/**
 * Decides warranty eligibility from the policies in force: the statutory version that governs the vehicle
 * (by the date its periods start) and the OEM policies in force on the request date. Pure; every remedy the
 * customer may choose is listed with the rule that grants it, and every refusal with the rule that refuses.
 */
export function evaluateEligibility(policySet: PolicySet, request: EligibilityRequest): EligibilityDecision {
  const at = dateOf(request.at);
  const coverage: Coverage[] = [];
  const reasons: Reason[] = [];
  const flags = new Set<string>();
  const applied: WarrantyPolicy[] = [];
  const exclusions = new Set(request.exclusions ?? []);
  const preferential: { policy: WarrantyPolicy; rule: PolicyRule & { kind: 'preferential_candidate' } }[] =
    [];

  for (const policy of policySet.policies) {
    const governing =
      policy.kind === 'statutory'
        ? effectiveOn(policy, isoDate(periodStart(policy, request)))
        : effectiveOn(policy, isoDate(at));
    if (!governing) continue;
    applied.push(policy);
    const start = periodStart(policy, request);
    const context: Context = { policy, request, start, at, coverage, reasons, flags };
    reasons.push({ ruleId: policy.start.ruleId, text: `${policy.start.text}: ${isoDate(start)}` });

    const soldAs = request.vehicle.originalUse ?? request.vehicle.use;
    if (!policy.scope.uses.includes(soldAs)) {
      reasons.push({ ruleId: policy.scope.ruleId, text: `${policy.scope.text} (vehicle use: ${soldAs})` });
      flags.add(`${policy.kind}_out_of_scope`);
      continue;
    }
    for (const ground of policy.notGrounds ?? []) {
      if (exclusions.has(ground.code)) reasons.push({ ruleId: ground.ruleId, text: ground.text });
    }
    const excluded = policy.exclusions.filter((exclusion) => exclusions.has(exclusion.code));
    if (excluded.length > 0) {
      for (const exclusion of excluded) reasons.push({ ruleId: exclusion.ruleId, text: exclusion.text });
      flags.add(`${policy.kind}_excluded`);
      continue;
    }
    if (NOT_WARRANTED_CLASSES.includes(request.fault.partClass ?? '')) {
      flags.add(`part_class_${request.fault.partClass}_not_warranted`);
    }
    for (const rule of policy.rules) {
      if (rule.kind === 'preferential_candidate') preferential.push({ policy, rule });
      else applyRule(context, rule);
    }
  }

  if (coverage.length === 0 && !exclusions.has('force_majeure')) {
    const sensitive = request.customer?.sensitive ?? [];
    for (const { policy, rule } of preferential) {
      if (sensitive.some((kind) => rule.sensitivities.includes(kind))) {
        const context: Context = {
          policy,
          request,
          start: periodStart(policy, request),
          at,
          coverage,
          reasons,
          flags,
        };
        covered(context, rule, 'preferential_claim_candidate');
        break;
      }
    }
  }
  if (coverage.length === 0) {
    reasons.push({
      ruleId: 'NONE',
      text: 'No warranty, three-guarantees or preferential coverage applies on this date and mileage',
    });
  }
  return {
    eligible: coverage.length > 0,
    policyVersion: applied.map((policy) => `${policy.id}@${policy.version}`).join('+') || 'none',
    coverage,
    reasons,
    flags: [...flags].sort(),
  };
}
