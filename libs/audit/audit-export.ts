import type { EventStore } from '../event-store/index.js';
import type { AuditEventRow } from '../projections/index.js';
import { streamIdOf } from '../workflow-engine/index.js';
import type { ExportCoverage } from './export-anchor.js';
import { auditCsvHeader, auditCsvLine, exportLine } from './export-format.js';

/** What an export selects from the audit index, as far as its anchor line's `covers` depends on it. */
export interface ExportSelection {
  readonly caseId?: string;
  /** Filters that pick events rather than whole streams: period, actor, role, dealer, region. */
  readonly picksEvents: boolean;
  /** Whole streams are left out: a case type, or a regional auditor's scope. */
  readonly leavesOutStreams: boolean;
}

/** Whole log, whole case, or a selection: what the export's anchor line lets a third party check. */
export function exportCoverage(selection: ExportSelection): ExportCoverage {
  if (selection.picksEvents) return 'events';
  if (selection.caseId !== undefined) return 'case';
  return selection.leavesOutStreams ? 'events' : 'log';
}

/**
 * A JSON Lines export: the anchor line (read by the caller before the rows, so it covers nothing the
 * export lacks), then each selected event exactly as the store recorded it.
 */
export async function* jsonLinesExport(
  store: EventStore,
  anchor: Record<string, unknown> | null,
  rows: Iterable<AuditEventRow> | AsyncIterable<AuditEventRow>,
): AsyncGenerator<string> {
  yield `${JSON.stringify({ anchor })}\n`;
  for await (const row of rows) {
    const [event] = await store.readStream(streamIdOf(row.case_type, row.case_id), {
      fromRevision: row.revision,
      toRevision: row.revision,
    });
    if (event !== undefined) yield exportLine(event);
  }
}

/**
 * The audit index rows as CSV. With `byteOrderMark` it starts with a UTF-8 byte order mark: spreadsheet
 * programs (Excel on Chinese Windows above all) read the file as UTF-8 only with it.
 */
export async function* csvExport(
  rows: Iterable<AuditEventRow> | AsyncIterable<AuditEventRow>,
  options: { readonly byteOrderMark: boolean },
): AsyncGenerator<string> {
  yield `${options.byteOrderMark ? '\uFEFF' : ''}${auditCsvHeader()}`;
  for await (const row of rows) yield auditCsvLine(row);
}
