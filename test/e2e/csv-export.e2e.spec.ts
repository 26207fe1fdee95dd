import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditorNational, complaintIntake, reception } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

/** Issue #28: a CSV export opens in a spreadsheet with its Chinese intact, so it starts with a UTF-8 BOM. */
describe('the audit CSV export', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    await engine.request('POST', '/api/v1/complaints', { caller: reception, body: complaintIntake() });
  });
  afterAll(() => engine.stop());

  it('starts with the UTF-8 byte order mark, then the header line', async () => {
    // The raw bytes: fetch's text() would drop the mark this test looks for.
    const response = await fetch(`${engine.baseUrl}/api/v1/audit/export?format=csv`, {
      headers: { authorization: `Bearer ${await engine.token(auditorNational)}` },
    });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.slice(1).split('\r\n')[0]).toMatch(/^[a-z_]+(,[a-z_]+)+$/);
    expect(text.split('\r\n').length).toBeGreaterThan(2);
  });
});
