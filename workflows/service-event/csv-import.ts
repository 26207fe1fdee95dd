/**
 * The CSV a dealer's management system exports (UTF-8, with or without a byte-order mark, comma
 * separated, RFC 4180 quoting, a header row naming the columns below in any order). Each data line
 * becomes the body of one `POST /api/v1/service-events`; a line that cannot even be read is refused on
 * its own, so one bad line never drops the good ones.
 */
export const CSV_COLUMNS = [
  'externalId',
  'kind',
  'occurredAt',
  'vin',
  'plate',
  'model',
  'customerName',
  'customerPhone',
  'customerClass',
  'customerEmail',
  'mileageKm',
  'nextMaintenanceDueAt',
  'repairOrderId',
] as const;
const REQUIRED = ['externalId', 'kind', 'occurredAt', 'vin', 'customerName', 'customerPhone'];

export type CsvLine =
  | { readonly line: number; readonly body: Record<string, unknown> }
  | { readonly line: number; readonly errors: { field: string; reason: string }[] };

/** Rows of fields with the line number each starts on; quoted fields may hold commas, quotes, newlines. */
function rowsOf(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = (): void => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else {
        if (character === '\n') line += 1;
        field += character;
      }
    } else if (character === '"' && field === '') quoted = true;
    else if (character === ',') {
      fields.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else field += character;
  }
  endRow();
  return rows;
}

/** The header's problems (the whole file is refused), or each data line as a body or as its problems. */
export function parseServiceEventCsv(
  text: string,
): { header: { field: string; reason: string }[] } | { lines: CsvLine[] } {
  const rows = rowsOf(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const header = rows.shift();
  if (header === undefined) return { header: [{ field: 'body', reason: 'empty: a header row is needed' }] };
  const names = header.fields.map((name) => name.trim());
  const problems = [
    ...REQUIRED.filter((column) => !names.includes(column)).map((column) => ({
      field: 'header',
      reason: `missing column ${column}`,
    })),
    ...names
      .filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name))
      .map((name) => ({ field: 'header', reason: `unknown column '${name.slice(0, 40)}'` })),
  ];
  if (problems.length > 0) return { header: problems };
  return {
    lines: rows.map(({ line, fields }): CsvLine => {
      if (fields.length !== names.length)
        return {
          line,
          errors: [{ field: 'line', reason: `${fields.length} fields; the header names ${names.length}` }],
        };
      const cell = (column: string): string | undefined => {
        const value = fields[names.indexOf(column)]?.trim();
        return value === undefined || value === '' ? undefined : value;
      };
      const mileage = cell('mileageKm');
      const optional = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });
      return {
        line,
        body: {
          externalId: cell('externalId'),
          kind: cell('kind'),
          occurredAt: cell('occurredAt'),
          vehicle: {
            vin: cell('vin'),
            ...optional('plate', cell('plate')),
            ...optional('model', cell('model')),
          },
          customer: {
            name: cell('customerName'),
            phone: cell('customerPhone'),
            ...optional('class', cell('customerClass')),
            ...optional('email', cell('customerEmail')),
          },
          ...optional(
            'mileageKm',
            mileage !== undefined && /^\d+$/.test(mileage) ? Number(mileage) : mileage,
          ),
          ...optional('nextMaintenanceDueAt', cell('nextMaintenanceDueAt')),
          ...optional('repairOrderId', cell('repairOrderId')),
        },
      };
    }),
  };
}
