import { describe, expect, it } from '@jest/globals';
import type { AuditEventRow } from '../projections/index.js';
import { auditCsvHeader, auditCsvLine } from './export-format.js';

const row: AuditEventRow = {
  position: 7,
  case_type: 'complaint',
  case_id: '0190a4b2-0000-7000-8000-000000000001',
  revision: 2,
  type: 'ComplaintVerified',
  action: 'verify',
  actor_id: 'wang.cs',
  actor_name: 'Wang',
  actor_roles: '["customer_service"]',
  dealer_id: 'D001',
  region_id: 'R01',
  occurred_at: '2026-03-02T09:00:00.000Z',
  from_state: 'received',
  to_state: 'routed',
  machine_version: 2,
  hash: 'ab12',
};

/** The cell of the actor name column, unquoted, as a spreadsheet would read it. */
function actorNameCell(name: string): string {
  const header = auditCsvHeader().trim().split(',');
  const line = auditCsvLine({ ...row, actor_name: name });
  const cells = line.slice(0, -2).match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)!;
  const cell = cells[header.indexOf('actor_name')]!.replace(/,$/, '');
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

describe('audit CSV export: no cell runs as a spreadsheet formula (OWASP CSV injection)', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'])(
    'given an actor name starting with %j, then the cell starts with an apostrophe',
    (name) => {
      expect(actorNameCell(name)).toBe(`'${name}`);
    },
  );

  it('given an ordinary name, then the cell is the name as recorded', () => {
    expect(actorNameCell('Wang Fang')).toBe('Wang Fang');
  });

  it('given a name with a comma, quote or line break, then the cell is quoted as RFC 4180 says', () => {
    expect(auditCsvLine({ ...row, actor_name: 'a, "b"\nc' })).toContain('"a, ""b""\nc"');
  });
});
