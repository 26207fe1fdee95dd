import { describe, expect, it } from '@jest/globals';
import { reportSpanOf } from './report-span.js';

describe('the whole months of a report span', () => {
  it('reads every month from the month cells when the span is open at both ends', () => {
    expect(reportSpanOf(undefined, undefined)).toEqual({ months: { from: '0000-00', to: '9999-99' } });
  });

  it('takes a month whole only from its first to its last day', () => {
    expect(reportSpanOf('2025-06-01', '2025-06-30')).toEqual({ months: { from: '2025-06', to: '2025-06' } });
    expect(reportSpanOf('2025-05-17', '2025-08-03')).toEqual({ months: { from: '2025-06', to: '2025-07' } });
    expect(reportSpanOf('2024-02-01', '2024-02-29')).toEqual({ months: { from: '2024-02', to: '2024-02' } });
    expect(reportSpanOf('2025-02-01', '2025-02-27')).toEqual({});
  });

  it('crosses the year and leaves a span inside one month to the day cells', () => {
    expect(reportSpanOf('2025-12-02', '2026-01-31')).toEqual({ months: { from: '2026-01', to: '2026-01' } });
    expect(reportSpanOf('2025-11-15', undefined)).toEqual({ months: { from: '2025-12', to: '9999-99' } });
    expect(reportSpanOf(undefined, '2025-04-12')).toEqual({ months: { from: '0000-00', to: '2025-03' } });
    expect(reportSpanOf('2025-07-09', '2025-07-09')).toEqual({});
  });
});
