import {
  CHANNELS,
  CUSTOMER_LOST,
  TRIGGER_KINDS,
  WINDOW_ANCHORS,
  type FollowUpPlan,
  type FollowUpPlanSet,
  type PlannedCall,
} from './plan.js';
import { windowMilliseconds } from './window-duration.js';

export interface PlanProblem {
  readonly file: string;
  readonly path: string;
  readonly problem: string;
}

/** A plan file the engine cannot run with: the process stops at start naming each file and JSON path. */
export class InvalidFollowUpPlanError extends Error {
  constructor(readonly problems: readonly PlanProblem[]) {
    super(
      `Invalid follow-up plan:\n${problems.map((p) => `  - ${p.file} ${p.path}: ${p.problem}`).join('\n')}`,
    );
  }
}

const MAX_ATTEMPTS = 10;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function callProblems(call: unknown, path: string): { problem: string; path: string }[] {
  if (!isObject(call)) return [{ path, problem: 'must be an object' }];
  const problems: { problem: string; path: string }[] = [];
  for (const field of ['purpose', 'source'] as const) {
    if (typeof call[field] !== 'string' || call[field] === '')
      problems.push({ path: `${path}.${field}`, problem: 'must be a non-empty text' });
  }
  const bounds: Record<string, number | undefined> = {};
  for (const field of ['windowStart', 'windowEnd'] as const) {
    bounds[field] = typeof call[field] === 'string' ? windowMilliseconds(call[field]) : undefined;
    if (bounds[field] === undefined)
      problems.push({
        path: `${path}.${field}`,
        problem: 'must be an ISO-8601 duration in weeks, days, hours or minutes (P0D, P3D, P2W, PT36H)',
      });
  }
  const before = call.before;
  if (before !== undefined && !(WINDOW_ANCHORS as readonly unknown[]).includes(before))
    problems.push({ path: `${path}.before`, problem: `must be one of ${WINDOW_ANCHORS.join(', ')}` });
  // Counting back from an anchor, the window opens further from it than it closes.
  const direction = before === undefined ? 1 : -1;
  if (
    bounds.windowStart !== undefined &&
    bounds.windowEnd !== undefined &&
    direction * (bounds.windowEnd - bounds.windowStart) <= 0
  )
    problems.push({
      path: `${path}.windowEnd`,
      problem:
        before === undefined
          ? 'must be after windowStart'
          : 'must be shorter than windowStart (closer to the date)',
    });
  if (call.recordsMileage !== undefined && typeof call.recordsMileage !== 'boolean')
    problems.push({ path: `${path}.recordsMileage`, problem: 'must be true or false' });
  if (call.recordsMileage === true && call.channel !== 'phone')
    problems.push({ path: `${path}.recordsMileage`, problem: 'only a phone call records the mileage' });
  if (!(CHANNELS as readonly unknown[]).includes(call.channel))
    problems.push({ path: `${path}.channel`, problem: `must be one of ${CHANNELS.join(', ')}` });
  if (
    typeof call.maxAttempts !== 'number' ||
    !Number.isInteger(call.maxAttempts) ||
    call.maxAttempts < 1 ||
    call.maxAttempts > MAX_ATTEMPTS
  )
    problems.push({ path: `${path}.maxAttempts`, problem: `must be an integer from 1 to ${MAX_ATTEMPTS}` });
  return problems;
}

function planProblems(json: unknown): { problem: string; path: string }[] {
  if (!isObject(json)) return [{ path: '$', problem: 'must be an object' }];
  const problems: { problem: string; path: string }[] = [];
  if (typeof json.version !== 'number' || !Number.isInteger(json.version) || json.version < 1)
    problems.push({ path: '$.version', problem: 'must be a positive integer' });
  if (!isObject(json.triggers)) return [...problems, { path: '$.triggers', problem: 'must be an object' }];
  for (const kind of TRIGGER_KINDS) {
    const calls = json.triggers[kind];
    if (kind === CUSTOMER_LOST && calls === undefined) continue;
    if (!Array.isArray(calls)) {
      problems.push({ path: `$.triggers.${kind}`, problem: 'must list the calls (an empty list: none)' });
      continue;
    }
    calls.forEach((call, index) => problems.push(...callProblems(call, `$.triggers.${kind}[${index}]`)));
  }
  for (const kind of Object.keys(json.triggers)) {
    if (!(TRIGGER_KINDS as readonly string[]).includes(kind))
      problems.push({
        path: `$.triggers.${kind}`,
        problem: `unknown trigger; one of ${TRIGGER_KINDS.join(', ')}`,
      });
  }
  return problems;
}

/**
 * The plan versions of a folder's files, validated: every trigger kind listed, windows that close after
 * they open, a known channel, attempts from 1 to 10, and each version number once. Every problem is named.
 */
export function loadFollowUpPlanSet(files: readonly { file: string; json: unknown }[]): FollowUpPlanSet {
  const problems: PlanProblem[] = [];
  const seen = new Map<number, string>();
  for (const { file, json } of files) {
    problems.push(...planProblems(json).map((problem) => ({ file, ...problem })));
    const version = isObject(json) ? json.version : undefined;
    if (typeof version === 'number') {
      const earlier = seen.get(version);
      if (earlier !== undefined)
        problems.push({ file, path: '$.version', problem: `version ${version} is also in ${earlier}` });
      seen.set(version, file);
    }
  }
  if (files.length === 0) problems.push({ file: '(folder)', path: '$', problem: 'no *.json plan files' });
  if (problems.length > 0) throw new InvalidFollowUpPlanError(problems);
  const plans = files.map(({ json }) => json as FollowUpPlan).sort((a, b) => a.version - b.version);
  return { plans };
}

export type { PlannedCall };
