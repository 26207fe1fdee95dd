import type { RecordedEvent } from '../kernel/index.js';
import type { AuditEventRow } from '../projections/index.js';

/** One exported event: exactly the fields its hash covers, plus position and recordedAt. See docs/audit.md. */
export function exportLine(event: RecordedEvent): string {
  return `${JSON.stringify({
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    position: event.position,
    recordedAt: event.recordedAt,
  })}\n`;
}

const COLUMNS: (keyof AuditEventRow)[] = [
  'position',
  'occurred_at',
  'case_type',
  'case_id',
  'revision',
  'type',
  'action',
  'actor_id',
  'actor_name',
  'actor_roles',
  'dealer_id',
  'region_id',
  'from_state',
  'to_state',
  'machine_version',
  'hash',
];

export function auditCsvHeader(): string {
  return `${COLUMNS.join(',')}\r\n`;
}

/**
 * RFC 4180 quoting. A cell starting with =, +, -, @, TAB or CR gets a leading apostrophe so a spreadsheet
 * never runs it as a formula (OWASP CSV injection: TAB and CR let a formula hide behind leading blanks).
 */
export function auditCsvLine(row: AuditEventRow): string {
  return `${COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-neutralised and RFC 4180 quoted (the audit and report exports share it). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
