import { dateOf, isoDate, spanEnd } from './calendar-dates.js';
import type { Coverage, EligibilityDecision, EligibilityRequest, Reason } from './eligibility-request.js';
import type { PolicySet, PreferentialCandidateRule, WarrantyPolicy } from './policy.js';
import { applyRule, useWhenSold, type Judgement } from './policy-rules.js';
import { periodStart, policiesJudging } from './policy-selection.js';

/** Everything one evaluation finds, across every policy that judges the request. */
class Findings {
  readonly coverage: Coverage[] = [];
  readonly reasons: Reason[] = [];
  readonly flags = new Set<string>();

  explain(ruleId: string, text: string): void {
    if (!this.reasons.some((reason) => reason.ruleId === ruleId && reason.text === text))
      this.reasons.push({ ruleId, text });
  }

  judgement(policy: WarrantyPolicy, request: EligibilityRequest, start: Date, at: Date): Judgement {
    return {
      policy,
      request,
      start,
      at,
      grant: (rule, kind, span, from = start, extra = {}) => {
        const until = span === undefined ? undefined : spanEnd(from, span);
        this.coverage.push({
          kind,
          ruleId: rule.ruleId,
          from: isoDate(from),
          ...(until === undefined ? {} : { until: isoDate(until) }),
          ...extra,
        });
        this.explain(rule.ruleId, rule.text);
      },
      lapse: (rule, why) => this.explain(rule.ruleId, `${rule.text} — does not apply: ${why}`),
      explain: (ruleId, text) => this.explain(ruleId, text),
      flag: (name) => this.flags.add(name),
    };
  }
}

/**
 * Runs one policy's gates (scope, exclusions) and rules. Returns the preferential-claim rules it offers,
 * decided only once every policy has spoken (they apply only when nothing else does).
 */
function judge(findings: Findings, policy: WarrantyPolicy, request: EligibilityRequest, at: Date) {
  const start = periodStart(policy, request.vehicle);
  const transition = policy.stillAppliesTo;
  if (transition !== undefined && policy.effectiveUntil !== undefined && isoDate(at) >= policy.effectiveUntil)
    findings.explain(transition.ruleId, transition.text);
  findings.explain(policy.start.ruleId, `${policy.start.text}: ${isoDate(start)}`);
  const sold = useWhenSold(request.vehicle);
  if (!policy.scope.uses.includes(sold)) {
    findings.explain(policy.scope.ruleId, `${policy.scope.text} (vehicle use when sold: ${sold})`);
    findings.flags.add(`${policy.kind}_out_of_scope`);
    return [];
  }
  const causes = new Set(request.exclusions ?? []);
  for (const ground of policy.notGrounds ?? []) {
    if (ground.codes.some((code) => causes.has(code))) findings.explain(ground.ruleId, ground.text);
  }
  const preferential = policy.rules.filter(
    (rule): rule is PreferentialCandidateRule => rule.kind === 'preferential_candidate',
  );
  const excluding = policy.exclusions.filter((exclusion) => exclusion.codes.some((code) => causes.has(code)));
  if (excluding.length > 0) {
    for (const exclusion of excluding) findings.explain(exclusion.ruleId, exclusion.text);
    findings.flags.add(`${policy.kind}_excluded`);
    return preferential;
  }
  const judgement = findings.judgement(policy, request, start, at);
  for (const rule of policy.rules) applyRule(judgement, rule);
  return preferential;
}

/**
 * Decides warranty eligibility with the policy versions that judge the request (policy-selection.ts): each
 * is evaluated independently and every remedy the customer may choose is listed with the rule that grants
 * it; rules that concern the fault but do not apply are listed in `reasons` with why. Pure.
 */
export function evaluateEligibility(policySet: PolicySet, request: EligibilityRequest): EligibilityDecision {
  const at = dateOf(request.at);
  const findings = new Findings();
  const judging = policiesJudging(policySet, request);
  if (request.vehicle.originalUse !== undefined && request.vehicle.originalUse !== request.vehicle.use)
    findings.flags.add('change_of_use_review');
  const preferential = judging.flatMap((policy) =>
    judge(findings, policy, request, at).map((rule) => ({ policy, rule })),
  );

  if (findings.coverage.length === 0) {
    const sensitive = request.customer?.sensitive ?? [];
    const causes = request.exclusions ?? [];
    const offered = preferential.find(
      ({ rule }) =>
        sensitive.some((kind) => rule.sensitivities.includes(kind)) &&
        !causes.some((cause) => rule.refusedBy.includes(cause)),
    );
    if (offered !== undefined) {
      findings.coverage.push({ kind: 'preferential_claim_candidate', ruleId: offered.rule.ruleId });
      findings.explain(offered.rule.ruleId, offered.rule.text);
    }
  }
  if (findings.coverage.length === 0) {
    findings.explain(
      'NONE',
      judging.length === 0
        ? `No warranty policy is in force on ${isoDate(at)}`
        : 'No warranty, three-guarantees or preferential coverage applies on this date and mileage',
    );
  }
  return {
    eligible: findings.coverage.length > 0,
    policyVersion: judging.map((policy) => `${policy.id}@${policy.version}`).join('+') || 'none',
    coverage: findings.coverage,
    reasons: findings.reasons,
    flags: [...findings.flags].sort(),
  };
}
