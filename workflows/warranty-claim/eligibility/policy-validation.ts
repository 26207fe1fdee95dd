import type { PolicySet, WarrantyPolicy } from './policy.js';

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

const COVERAGES = [
  'vehicle_replacement_or_return',
  'assembly_replacement',
  'free_repair',
  'oem_warranty_repair',
  'part_warranty',
  'wear_part',
  'backup_vehicle',
  'preferential_claim_candidate',
];
const KINDS = [
  'window',
  'wear_part',
  'backup_vehicle',
  'repeat_repairs',
  'cumulative_repair_days',
  'repeat_safety_failure',
  'repeat_assembly_replacement',
  'vehicle_warranty',
  'part_warranty',
  'preferential_candidate',
];
const USES = ['private', 'taxi', 'commercial'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Json = Record<string, unknown>;

/**
 * Checks a parsed policy file against the format in docs/warranty.md and reports every problem with its
 * JSON path, so a bad file stops the engine at start with a message an operator can act on.
 */
export function validatePolicy(input: unknown, file: string): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const report = (path: string, problem: string): void => void problems.push({ file, path, problem });
  const isObject = (value: unknown): value is Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const text = (value: Json, key: string, path: string): void => {
    if (typeof value[key] !== 'string' || (value[key] as string).length === 0)
      report(`${path}.${key}`, 'must be a non-empty string');
  };
  const count = (value: unknown, path: string): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      report(path, 'must be a whole number ≥ 0');
  };
  const span = (value: unknown, path: string): void => {
    if (!isObject(value)) return report(path, 'must be an object such as { "years": 3, "km": 60000 }');
    const keys = Object.keys(value);
    if (keys.length === 0) report(path, 'needs at least one of days, months, years, km');
    for (const key of keys) {
      if (!['days', 'months', 'years', 'km'].includes(key))
        report(`${path}.${key}`, 'is not a span unit (days, months, years, km)');
      else count(value[key], `${path}.${key}`);
    }
  };

  if (!isObject(input)) return [{ file, path: '$', problem: 'must be a JSON object' }];
  for (const key of ['id', 'version', 'title']) text(input, key, '$');
  if (!['statutory', 'oem'].includes(input.kind as string)) report('$.kind', "must be 'statutory' or 'oem'");
  if (typeof input.effectiveFrom !== 'string' || !DATE.test(input.effectiveFrom))
    report('$.effectiveFrom', 'must be a date YYYY-MM-DD');
  if (
    input.effectiveUntil !== undefined &&
    (typeof input.effectiveUntil !== 'string' || !DATE.test(input.effectiveUntil))
  ) {
    report('$.effectiveUntil', 'must be a date YYYY-MM-DD when given');
  }
  if (!isObject(input.scope)) report('$.scope', 'must be an object { ruleId, uses, text }');
  else {
    text(input.scope, 'ruleId', '$.scope');
    if (!Array.isArray(input.scope.uses) || input.scope.uses.some((use) => !USES.includes(use as string))) {
      report('$.scope.uses', `must list uses among ${USES.join(', ')}`);
    }
  }
  if (!isObject(input.start)) report('$.start', 'must be an object { ruleId, basis, text }');
  else if (
    !['invoice', 'invoice_or_delivery', 'registration_or_invoice'].includes(input.start.basis as string)
  ) {
    report('$.start.basis', 'must be invoice, invoice_or_delivery or registration_or_invoice');
  }
  if (input.usageCompensation !== undefined) {
    const compensation = input.usageCompensation as Json;
    for (const key of ['defaultRate', 'minRate', 'maxRate']) {
      const rate = compensation[key];
      if (typeof rate !== 'number' || rate < 0 || rate > 0.05)
        report(`$.usageCompensation.${key}`, 'must be a rate between 0 and 0.05');
    }
  }
  for (const list of ['exclusions', 'notGrounds'] as const) {
    const entries = input[list];
    if (entries === undefined && list === 'notGrounds') continue;
    if (!Array.isArray(entries)) {
      report(`$.${list}`, 'must be an array');
      continue;
    }
    entries.forEach((entry, index) => {
      if (!isObject(entry)) return report(`$.${list}[${index}]`, 'must be an object { ruleId, code, text }');
      for (const key of ['ruleId', 'code', 'text']) text(entry, key, `$.${list}[${index}]`);
    });
  }
  if (!Array.isArray(input.rules) || input.rules.length === 0) report('$.rules', 'must be a non-empty array');
  const ids = new Set<string>();
  (Array.isArray(input.rules) ? input.rules : []).forEach((rule, index) => {
    const path = `$.rules[${index}]`;
    if (!isObject(rule)) return report(path, 'must be an object');
    text(rule, 'ruleId', path);
    text(rule, 'text', path);
    if (typeof rule.ruleId === 'string') {
      if (ids.has(rule.ruleId)) report(`${path}.ruleId`, `duplicates ${rule.ruleId}`);
      ids.add(rule.ruleId);
    }
    if (!KINDS.includes(rule.kind as string))
      return report(`${path}.kind`, `must be one of ${KINDS.join(', ')}`);
    if (rule.kind === 'window' && !COVERAGES.includes(rule.coverage as string))
      report(`${path}.coverage`, `must be one of ${COVERAGES.join(', ')}`);
    if (rule.kind === 'vehicle_warranty') {
      if (!isObject(rule.byUse)) report(`${path}.byUse`, 'must give a span for private, taxi and commercial');
      else for (const use of USES) span(rule.byUse[use], `${path}.byUse.${use}`);
    } else if (rule.kind !== 'preferential_candidate') {
      span(rule.within, `${path}.within`);
    }
    if (rule.kind === 'backup_vehicle') count(rule.singleRepairDaysOver, `${path}.singleRepairDaysOver`);
    if (rule.kind === 'repeat_repairs')
      count(rule.sameProblemRepairsAtLeast, `${path}.sameProblemRepairsAtLeast`);
    if (rule.kind === 'cumulative_repair_days') count(rule.daysOver, `${path}.daysOver`);
    if (rule.kind === 'repeat_safety_failure') count(rule.repairsAtLeast, `${path}.repairsAtLeast`);
    if (rule.kind === 'repeat_assembly_replacement')
      count(rule.replacementsAtLeast, `${path}.replacementsAtLeast`);
  });
  return problems;
}

/** Validates every file and builds the set; two versions of one policy id may not overlap in time. */
export function loadPolicySet(
  files: readonly { readonly file: string; readonly json: unknown }[],
): PolicySet {
  const problems = files.flatMap(({ file, json }) => validatePolicy(json, file));
  if (problems.length > 0) throw new InvalidPolicyError(problems);
  const policies = files.map(({ json }) => json as WarrantyPolicy);
  for (const policy of policies) {
    const overlapping = policies.find(
      (other) =>
        other !== policy &&
        other.id === policy.id &&
        other.effectiveFrom < (policy.effectiveUntil ?? '9999-12-31') &&
        policy.effectiveFrom < (other.effectiveUntil ?? '9999-12-31'),
    );
    if (overlapping !== undefined) {
      throw new InvalidPolicyError([
        {
          file: policy.id,
          path: '$.effectiveFrom',
          problem: `versions ${policy.version} and ${overlapping.version} overlap in time`,
        },
      ]);
    }
  }
  return { policies };
}
