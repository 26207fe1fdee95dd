import { describe, expect, it } from '@jest/globals';
import type { AuditEventRow } from '../projections/index.js';
import { csvExport, exportCoverage } from './audit-export.js';
import { auditCsvHeader, auditCsvLine } from './export-format.js';

describe('what an export covers (docs/audit.md, the anchor line)', () => {
  it.each([
    ['no filter: the whole log', {}, 'log'],
    ['one case only: its whole streams', { caseId: 'c1' }, 'case'],
    ['one case of a type: still whole streams', { caseId: 'c1', leavesOutStreams: true }, 'case'],
    ['a period or an actor: single events', { picksEvents: true }, 'events'],
    ['a case and a period: single events', { caseId: 'c1', picksEvents: true }, 'events'],
    ['a case type or a region: some streams left out', { leavesOutStreams: true }, 'events'],
  ] as const)('%s', (_, selection, covers) => {
    expect(exportCoverage({ picksEvents: false, leavesOutStreams: false, ...selection })).toBe(covers);
  });
});

describe('CSV export', () => {
  const row = { position: 1, case_id: 'c1', actor_name: 'Wang' } as AuditEventRow;

  const lines = async (source: AsyncIterable<string>): Promise<string[]> => {
    const collected: string[] = [];
    for await (const line of source) collected.push(line);
    return collected;
  };

  it('starts with a byte order mark only when asked, then the header and one line per row', async () => {
    expect(await lines(csvExport([row], { byteOrderMark: true }))).toEqual([
      `\uFEFF${auditCsvHeader()}`,
      auditCsvLine(row),
    ]);
    expect(await lines(csvExport([row], { byteOrderMark: false }))).toEqual([
      auditCsvHeader(),
      auditCsvLine(row),
    ]);
  });
});
