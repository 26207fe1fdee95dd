import { addDays, dateOf, outsideSpan, repairDays } from './calendar-dates.js';
import type { Coverage, EligibilityRequest } from './eligibility-request.js';
import type { FaultCondition, PolicyRule, Span, WarrantyPolicy } from './policy.js';
import { tally, thresholdMet } from './repair-history.js';

/** One policy version judging one request: what its rules may read and how they answer. */
export interface Judgement {
  readonly policy: WarrantyPolicy;
  readonly request: EligibilityRequest;
  /** The policy's period start for this vehicle. */
  readonly start: Date;
  readonly at: Date;
  /** A remedy the customer may choose, running over `span` from `from` (default: the period start). */
  grant(rule: PolicyRule, kind: Coverage['kind'], span?: Span, from?: Date, extra?: Partial<Coverage>): void;
  /** A rule that concerns this fault but does not apply, and why (so a refusal names its rule). */
  lapse(rule: PolicyRule, why: string): void;
  explain(ruleId: string, text: string): void;
  flag(name: string): void;
}

export function faultMatches(
  condition: FaultCondition | undefined,
  fault: EligibilityRequest['fault'],
): boolean {
  if (condition === undefined) return true;
  const partClass = fault.partClass;
  return (
    (condition.systems === undefined || condition.systems.includes(fault.system)) &&
    (condition.mainPart === undefined || condition.mainPart === (fault.mainPart === true)) &&
    (condition.requiresReplacement === undefined ||
      condition.requiresReplacement === (fault.requiresReplacement === true)) &&
    (condition.failures === undefined ||
      (fault.failure !== undefined && condition.failures.includes(fault.failure))) &&
    (condition.seriousSafetyFailure === undefined ||
      condition.seriousSafetyFailure === (fault.seriousSafetyFailure === true)) &&
    (condition.partClasses === undefined ||
      (partClass !== undefined && condition.partClasses.includes(partClass))) &&
    (condition.exceptPartClasses === undefined ||
      partClass === undefined ||
      !condition.exceptPartClasses.includes(partClass))
  );
}

/** The use the vehicle was sold for: a later change of use keeps the original period (seed 001). */
export function useWhenSold(vehicle: EligibilityRequest['vehicle']): EligibilityRequest['vehicle']['use'] {
  return vehicle.originalUse ?? vehicle.use;
}

/** Price × km / 1000 × n, with n from the certificate kept inside the policy's range (Art. 27). */
function usageCompensation(judgement: Judgement): Partial<Coverage> {
  const { policy, request } = judgement;
  const rates = policy.usageCompensation;
  if (rates === undefined) return {};
  const price = request.vehicle.priceCents;
  if (price === undefined) {
    judgement.flag('usage_compensation_needs_price');
    return {};
  }
  if (request.vehicle.usageCompensationRate === undefined) judgement.flag('usage_compensation_rate_assumed');
  const stated = request.vehicle.usageCompensationRate ?? rates.defaultRate;
  const rate = Math.min(rates.maxRate, Math.max(rates.minRate, stated));
  if (rate !== stated) judgement.flag('usage_compensation_rate_capped');
  const compensationCents = Math.round(((price * request.mileageKm) / 1000) * rate);
  judgement.explain(
    rates.ruleId,
    `${rates.text}: ${price} × ${request.mileageKm} km / 1000 × ${rate} = ${compensationCents} cents`,
  );
  return { compensationCents };
}

function inside(judgement: Judgement, rule: PolicyRule, span: Span, from: Date, then: () => void): void {
  const why = outsideSpan(from, span, judgement.at, judgement.request.mileageKm);
  if (why === null) then();
  else judgement.lapse(rule, why);
}

/** Applies one rule of the judging policy. Preferential candidates are decided after all the others. */
export function applyRule(judgement: Judgement, rule: PolicyRule): void {
  const { request, start } = judgement;
  const fault = request.fault;
  switch (rule.kind) {
    case 'window': {
      if (!faultMatches(rule.when, fault)) return;
      const sold = useWhenSold(request.vehicle);
      const span = rule.within ?? rule.withinByUse?.[sold];
      if (span === undefined) return;
      if (rule.withinByUse !== undefined && sold !== request.vehicle.use)
        judgement.flag('change_of_use_keeps_original_period');
      const from =
        rule.startsOn === 'delivery'
          ? dateOf(request.vehicle.deliveryDate ?? request.vehicle.invoiceDate)
          : start;
      inside(judgement, rule, span, from, () =>
        judgement.grant(
          rule,
          rule.coverage,
          span,
          from,
          rule.usageCompensation === true ? usageCompensation(judgement) : {},
        ),
      );
      return;
    }
    case 'wear_part': {
      if (fault.partClass === undefined || !rule.partClasses.includes(fault.partClass)) return;
      const period = fault.wearPartPeriod;
      if (period === undefined) {
        judgement.flag('wear_part_period_unknown');
        judgement.lapse(rule, 'the period on the certificate for this part is not given');
        return;
      }
      const certificate: Span = { months: period.months, km: period.km };
      inside(judgement, rule, rule.within ?? {}, start, () =>
        inside(judgement, rule, certificate, start, () => judgement.grant(rule, 'wear_part', certificate)),
      );
      return;
    }
    case 'backup_vehicle': {
      const repair = request.currentRepair;
      if (repair === undefined) return;
      // Waiting for parts counts here: Art. 24 ¶3 excludes time only from the cumulative repair time.
      const days = repairDays(repair.startedAt, repair.completedAt ?? request.at);
      if (days <= rule.singleRepairDaysOver) return;
      inside(judgement, rule, rule.within, start, () =>
        judgement.grant(
          rule,
          'backup_vehicle',
          undefined,
          addDays(dateOf(repair.startedAt), rule.singleRepairDaysOver),
        ),
      );
      return;
    }
    case 'repair_history': {
      const counted = tally(request, start, rule);
      if (counted === null || !thresholdMet(rule, counted.count)) return;
      inside(judgement, rule, rule.within, start, () => {
        judgement.grant(
          rule,
          rule.coverage,
          rule.within,
          start,
          rule.usageCompensation === true ? usageCompensation(judgement) : {},
        );
        judgement.explain(rule.ruleId, `${rule.ruleId}: ${counted.detail}`);
      });
      return;
    }
    case 'part_warranty': {
      for (const part of request.parts ?? []) {
        if (part.installedAt === undefined) continue;
        if (part.boughtAtAuthorizedDealer !== true) {
          judgement.lapse(rule, `part ${part.partNo} was not bought and installed at an authorized dealer`);
          continue;
        }
        const installed = dateOf(part.installedAt);
        const why = outsideSpan(installed, rule.within, judgement.at, undefined);
        if (why === null) judgement.grant(rule, 'part_warranty', rule.within, installed);
        else judgement.lapse(rule, `part ${part.partNo}: ${why}`);
      }
      return;
    }
    case 'preferential_candidate':
      return;
  }
}
