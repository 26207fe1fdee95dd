import { describe, expect, it } from '@jest/globals';
import { parseServiceEventCsv } from './csv-import.js';

const header = 'externalId,kind,occurredAt,vin,customerName,customerPhone,mileageKm';

describe('the service-event CSV', () => {
  it('reads each line as a service event, with or without a byte-order mark, quoted fields included', () => {
    const text = `\uFEFF${header}\r\nRO-1,repair_completed,2026-03-02T09:00:00Z,LSVAU2180N2183294,"王, 建国",13800138000,42180\r\n`;
    expect(parseServiceEventCsv(text)).toEqual({
      lines: [
        {
          line: 2,
          body: {
            externalId: 'RO-1',
            kind: 'repair_completed',
            occurredAt: '2026-03-02T09:00:00Z',
            vehicle: { vin: 'LSVAU2180N2183294' },
            customer: { name: '王, 建国', phone: '13800138000' },
            mileageKm: 42180,
          },
        },
      ],
    });
  });

  it('refuses a line with the wrong number of fields on its own, numbered as in the file', () => {
    const text = `${header}\n"RO-1","repair_completed","2026-03-02T09:00:00Z","LSVAU2180N2183294","王建国","13800138000",""\nRO-2,oops\n`;
    const parsed = parseServiceEventCsv(text);
    expect(parsed).toEqual({
      lines: [
        expect.objectContaining({ line: 2 }),
        { line: 3, errors: [{ field: 'line', reason: '2 fields; the header names 7' }] },
      ],
    });
  });

  it('refuses a file whose header lacks a column or names an unknown one', () => {
    expect(parseServiceEventCsv('externalId,kind,colour\n')).toEqual({
      header: expect.arrayContaining([
        { field: 'header', reason: 'missing column occurredAt' },
        { field: 'header', reason: "unknown column 'colour'" },
      ]),
    });
  });

  it('reads the e-mail address and the next maintenance date the reminders count back from (seed 004 「计算出下次定期保养日期」)', () => {
    const text =
      'externalId,kind,occurredAt,vin,customerName,customerPhone,customerEmail,nextMaintenanceDueAt\n' +
      'MT-1,maintenance_completed,2026-03-02T09:00:00Z,LSVAU2180N2183294,王建国,13800138000,wang@example.cn,2026-06-15T09:00:00+08:00\n';
    expect(parseServiceEventCsv(text)).toEqual({
      lines: [
        {
          line: 2,
          body: expect.objectContaining({
            customer: { name: '王建国', phone: '13800138000', email: 'wang@example.cn' },
            nextMaintenanceDueAt: '2026-06-15T09:00:00+08:00',
          }),
        },
      ],
    });
  });
});
