import { describe, expect, it } from '@jest/globals';
import { complaintDeadlines } from '../../workflows/complaint/deadlines.js';
import { warrantyClaimDeadlines } from '../../workflows/warranty-claim/deadlines.js';
import {
  deadlinePolicyOf,
  overrideVariable,
  policyFromEnvironment,
  SlaConfigurationError,
  sweepIntervalFromEnvironment,
} from './deadline-policy.js';

const SEED_POLICY = deadlinePolicyOf([
  { deadlines: complaintDeadlines },
  { deadlines: warrantyClaimDeadlines },
]);
const rule = (policy: typeof SEED_POLICY, kind: string) =>
  policy.rules.find((candidate) => candidate.kind === kind)!;

describe('deadline policy', () => {
  it('holds the seed clocks in calendar time', () => {
    expect(SEED_POLICY.rules.map((r) => [r.caseType, r.kind, r.duration, r.calendar])).toEqual([
      ['complaint', 'feedback', 'PT24H', 'calendar'],
      ['complaint', 'follow-up', 'P7D', 'calendar'],
      ['complaint', 'take-over', 'PT8H', 'calendar'],
      ['warranty-claim', 'filing', 'P10D', 'calendar'],
      ['warranty-claim', 'old-parts-return', 'P30D', 'calendar'],
      ['warranty-claim', 'customer-paid-follow-up', 'P7D', 'calendar'],
    ]);
  });

  it('names the override variable after case type and kind', () => {
    expect(overrideVariable('complaint', 'follow-up')).toBe('SLA_COMPLAINT_FOLLOW_UP');
    expect(overrideVariable('warranty-claim', 'filing')).toBe('SLA_WARRANTY_CLAIM_FILING');
  });

  it('applies overrides from the environment', () => {
    const policy = policyFromEnvironment(
      { SLA_COMPLAINT_FEEDBACK: 'PT5S', SLA_COMPLAINT_FOLLOW_UP: 'P3D' },
      SEED_POLICY,
    );
    expect(rule(policy, 'feedback').duration).toBe('PT5S');
    expect(rule(policy, 'follow-up').duration).toBe('P3D');
    expect(rule(policy, 'filing').duration).toBe('P10D');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      policyFromEnvironment(
        {
          SLA_COMPLAINT_FEEDBACK: '24 hours',
          SLA_COMPLAINT_TYPO: 'PT1H',
          SLA_BUSINESS_CALENDARS: '{',
        },
        SEED_POLICY,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SlaConfigurationError);
    const problems = (error as SlaConfigurationError).problems.join('\n');
    expect(problems).toContain('SLA_COMPLAINT_FEEDBACK');
    expect(problems).toContain('SLA_COMPLAINT_TYPO: no such deadline');
    expect(problems).toContain('SLA_BUSINESS_CALENDARS: not valid JSON');
  });

  it('reads per-dealer business calendars', () => {
    const policy = policyFromEnvironment(
      {
        SLA_BUSINESS_CALENDARS: JSON.stringify({ D001: { workingDays: [1, 2, 3, 4, 5] } }),
      },
      SEED_POLICY,
    );
    expect(policy.calendars.D001).toMatchObject({ workingDays: [1, 2, 3, 4, 5], opens: '08:30' });
  });

  it('reads the sweep interval, default 30 s', () => {
    expect(sweepIntervalFromEnvironment({})).toBe(30_000);
    expect(sweepIntervalFromEnvironment({ SLA_SWEEP_INTERVAL: 'PT1S' })).toBe(1000);
    expect(() => sweepIntervalFromEnvironment({ SLA_SWEEP_INTERVAL: 'P1M' })).toThrow(SlaConfigurationError);
  });
});
