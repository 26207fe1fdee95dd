import {
  calendarDate,
  flag,
  fraction,
  list,
  oneOf,
  problemsOf,
  record,
  refined,
  text,
  variants,
  wholeNumber,
  type JsonObject,
  type Report,
  type Shape,
} from './json-shape.js';
import type { ExclusionClause, PolicySet, WarrantyPolicy } from './policy.js';
import {
  COVERAGE_KINDS,
  EXCLUSIONS,
  FAILURES,
  FAULT_SYSTEMS,
  PART_CLASSES,
  SENSITIVITIES,
  VEHICLE_USES,
} from './vocabulary.js';

export interface PolicyProblem {
  readonly file: string;
  readonly path: string;
  readonly problem: string;
}

export class InvalidPolicyError extends Error {
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(
      `Invalid warranty policy:\n${problems.map((p) => `  - ${p.file} ${p.path}: ${p.problem}`).join('\n')}`,
    );
  }
}

/** The highest usage-compensation rate a file may state: ten times the 2013 maximum catches typos of 0.8. */
const MAX_RATE = 0.08;

const span: Shape = refined(
  record({}, { days: wholeNumber(), months: wholeNumber(), years: wholeNumber(), km: wholeNumber() }),
  (value, path, report) => {
    if (Object.keys(value).length === 0) report(path, 'needs at least one of days, months, years, km');
  },
);

/** Spans counted from an installation: the odometer reading then is not known, so no kilometres. */
const calendarSpan: Shape = refined(
  record({}, { days: wholeNumber(), months: wholeNumber(), years: wholeNumber() }),
  (value, path, report) => {
    if (Object.keys(value).length === 0) report(path, 'needs at least one of days, months, years');
  },
);

const clause = { ruleId: text, text };
const exclusionClause = record({ ...clause, codes: list(oneOf(EXCLUSIONS), { nonEmpty: true }) });

const faultCondition = record(
  {},
  {
    systems: list(oneOf(FAULT_SYSTEMS), { nonEmpty: true }),
    mainPart: flag,
    requiresReplacement: flag,
    failures: list(oneOf(FAILURES), { nonEmpty: true }),
    seriousSafetyFailure: flag,
    partClasses: list(oneOf(PART_CLASSES), { nonEmpty: true }),
    exceptPartClasses: list(oneOf(PART_CLASSES), { nonEmpty: true }),
  },
);

const byUse = record(Object.fromEntries(VEHICLE_USES.map((use) => [use, span])));

const rule: Shape = variants('kind', {
  window: refined(
    record(
      { ...clause, kind: text, coverage: oneOf(COVERAGE_KINDS) },
      {
        within: span,
        withinByUse: byUse,
        startsOn: oneOf(['delivery']),
        when: faultCondition,
        usageCompensation: flag,
      },
    ),
    (value, path, report) => {
      if ((value.within === undefined) === (value.withinByUse === undefined))
        report(`${path}.within`, 'give exactly one of within and withinByUse');
    },
  ),
  wear_part: record(
    { ...clause, kind: text, partClasses: list(oneOf(PART_CLASSES), { nonEmpty: true }) },
    { within: span },
  ),
  backup_vehicle: record({ ...clause, kind: text, within: span, singleRepairDaysOver: wholeNumber() }),
  repair_history: refined(
    record(
      {
        ...clause,
        kind: text,
        coverage: oneOf(COVERAGE_KINDS),
        within: span,
        measure: oneOf([
          'same_problem_repairs',
          'serious_safety_failure_repairs',
          'assembly_replacements',
          'main_part_replacements',
          'repair_days',
        ]),
      },
      {
        systems: list(oneOf(FAULT_SYSTEMS), { nonEmpty: true }),
        atLeast: wholeNumber(1),
        moreThan: wholeNumber(),
        usageCompensation: flag,
      },
    ),
    (value, path, report) => {
      if ((value.atLeast === undefined) === (value.moreThan === undefined))
        report(`${path}.atLeast`, 'give exactly one of atLeast and moreThan');
    },
  ),
  part_warranty: record({ ...clause, kind: text, within: calendarSpan }),
  preferential_candidate: record({
    ...clause,
    kind: text,
    sensitivities: list(oneOf(SENSITIVITIES), { nonEmpty: true }),
    refusedBy: list(oneOf(EXCLUSIONS)),
  }),
});

const policy: Shape = refined(
  record(
    {
      id: text,
      version: text,
      title: text,
      kind: oneOf(['statutory', 'oem']),
      effectiveFrom: calendarDate,
      scope: record({ ...clause, uses: list(oneOf(VEHICLE_USES)) }),
      start: record(
        { ...clause, basis: oneOf(['invoice', 'invoice_or_delivery', 'registration_or_invoice']) },
        { restartsWithReplacement: flag },
      ),
      exclusions: list(exclusionClause),
      rules: list(rule, { nonEmpty: true }),
    },
    {
      effectiveUntil: calendarDate,
      stillAppliesTo: record({ ...clause, periodsStartedBefore: calendarDate }),
      usageCompensation: record({
        ...clause,
        defaultRate: fraction(MAX_RATE),
        minRate: fraction(MAX_RATE),
        maxRate: fraction(MAX_RATE),
      }),
      notGrounds: list(exclusionClause),
    },
  ),
  consistency,
);

/** Rules across fields, checked once every field has the right shape. */
function consistency(value: JsonObject, path: string, report: Report): void {
  const input = value as unknown as WarrantyPolicy;
  if (input.effectiveUntil !== undefined && input.effectiveUntil <= input.effectiveFrom)
    report(`${path}.effectiveUntil`, `must be after effectiveFrom (${input.effectiveFrom})`);
  if (input.stillAppliesTo !== undefined && input.effectiveUntil === undefined)
    report(`${path}.stillAppliesTo`, 'is a transition clause: it needs effectiveUntil');
  const rates = input.usageCompensation;
  if (rates !== undefined && !(rates.minRate <= rates.defaultRate && rates.defaultRate <= rates.maxRate))
    report(`${path}.usageCompensation`, 'needs minRate ≤ defaultRate ≤ maxRate');
  const ids = new Map<string, string>();
  const claim = (ruleId: string, at: string): void => {
    const first = ids.get(ruleId);
    if (first !== undefined) report(`${at}.ruleId`, `duplicates ${ruleId} (first at ${first})`);
    else ids.set(ruleId, at);
  };
  input.exclusions.forEach((exclusion, index) => claim(exclusion.ruleId, `${path}.exclusions[${index}]`));
  (input.notGrounds ?? []).forEach((ground, index) => claim(ground.ruleId, `${path}.notGrounds[${index}]`));
  input.rules.forEach((entry, index) => {
    const at = `${path}.rules[${index}]`;
    claim(entry.ruleId, at);
    if ('usageCompensation' in entry && entry.usageCompensation === true && rates === undefined)
      report(`${at}.usageCompensation`, 'needs the policy’s usageCompensation rates');
  });
  const named = new Map<string, string>();
  const name = (clauses: readonly ExclusionClause[], list: string): void =>
    clauses.forEach((entry, index) =>
      entry.codes.forEach((code, position) => {
        const at = `${path}.${list}[${index}].codes[${position}]`;
        const first = named.get(code);
        if (first !== undefined) report(at, `${code} is already named at ${first}`);
        else named.set(code, at);
      }),
    );
  name(input.exclusions, 'exclusions');
  name(input.notGrounds ?? [], 'notGrounds');
}

/** Every problem of one parsed policy file, each with its JSON path. */
export function validatePolicy(input: unknown, file: string): PolicyProblem[] {
  return problemsOf(policy, input).map((problem) => ({ file, ...problem }));
}

/**
 * Validates every parsed file and builds the set (the engine reads the files at start and passes their JSON
 * here). Versions of one policy id may not be in force at the same time.
 */
export function loadPolicySet(
  files: readonly { readonly file: string; readonly json: unknown }[],
): PolicySet {
  const problems = files.flatMap(({ file, json }) => validatePolicy(json, file));
  if (problems.length > 0) throw new InvalidPolicyError(problems);
  const policies = files.map(({ file, json }) => ({ file, policy: json as WarrantyPolicy }));
  const overlaps: PolicyProblem[] = [];
  policies.forEach(({ file, policy }, index) => {
    for (const other of policies.slice(index + 1)) {
      if (
        other.policy.id === policy.id &&
        other.policy.effectiveFrom < (policy.effectiveUntil ?? '9999-12-31') &&
        policy.effectiveFrom < (other.policy.effectiveUntil ?? '9999-12-31')
      ) {
        overlaps.push({
          file,
          path: '$.effectiveFrom',
          problem: `${policy.id} versions ${policy.version} and ${other.policy.version} (${other.file}) are in force at the same time`,
        });
      }
    }
  });
  if (overlaps.length > 0) throw new InvalidPolicyError(overlaps);
  return { policies: policies.map(({ policy }) => policy) };
}
