import ExcelJS from 'exceljs';
import { csvCell } from '../audit/index.js';
import type { ReportCellValue, ReportResult } from './report-query.js';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Numbers go out as they are; text is formula-neutralised and quoted like the audit export's. */
function cell(value: ReportCellValue): string {
  return typeof value === 'number' ? String(value) : csvCell(value);
}

/**
 * The report as CSV: a UTF-8 byte order mark (so Excel reads the Chinese labels as UTF-8), the column
 * labels in Chinese, then one line per row, CRLF line ends.
 */
export function reportCsv(result: ReportResult): string {
  const lines = [
    result.columns.map((column) => cell(column.zh)).join(','),
    ...result.rows.map((row) => result.columns.map((column) => cell(row[column.id] ?? null)).join(',')),
  ];
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
}

/**
 * The report as an Excel workbook: one sheet named after the report, the Chinese column labels in a bold
 * first row, numbers as numbers. Text cells are written as text values, never as formulas.
 */
export async function reportXlsx(result: ReportResult): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet(result.title.zh);
  sheet.columns = result.columns.map((column) => ({
    header: column.zh,
    key: column.id,
    width: Math.max(10, column.zh.length * 2 + 2),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of result.rows)
    sheet.addRow(Object.fromEntries(result.columns.map((column) => [column.id, row[column.id] ?? null])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
