import { describe, expect, it } from '@jest/globals';
import type { NewEvent } from '../../kernel/index.js';
import { compileShape, decodeEvent, type EventRow } from './sqlite-event-row-decoding.js';
import { encodeEventRow, eventKeyOf, type EventRowValues } from './sqlite-event-row.mjs';

/**
 * The row layout of the event file (format 2), without a database: an event serialised as the store does
 * it is laid out by `encodeEventRow`, put in a row as the append core would (shape and actor by number),
 * and `decodeEvent` must give back the event exactly as format 1 did (its metadata through JSON), key
 * order included.
 */
const STREAM = 'complaint-01a2309e-155e-7636-b67a-3c892993cb49';

const engineMetadata = () => ({
  caseType: 'complaint',
  caseId: '01a2309e-155e-7636-b67a-3c892993cb49',
  machineVersion: 2,
  schemaVersion: 1,
  actor: { id: 'cs-1', name: '客服 Li', roles: ['customer_service'], dealerId: 'D001', regionId: 'R01' },
  occurredAt: '2026-12-01T07:59:56.279Z',
  commandId: '01a2309e-1577-7be3-9368-ce6237cda08d',
  commandHash: '4a56c1a4076392f31e93e3fdd0c6f6f28eaed818f6b5c37605968557d0325abb',
  action: 'record-customer-reply',
  correlationId: '01a2309e-1577-7be3-9368-ce6237cda08d',
  causationId: '01a2309e-1577-7be3-9368-ce6237cda08d',
  fromState: 'awaiting_customer_reply',
  toState: 'awaiting_feedback',
  prevHash: 'd8a3f2536ef2366faf981edb2e073a89b99aa45267bfdc4f99887ac29981f875',
  hash: '1f7d6c62efdb62ae1416bef770d65c5c435822cbcab85f92a6ec1745746c454f',
});

/** A writer and a reader in one: names interned into arrays, rows built as the insert binds them. */
function storeAndRead(streamId: string, events: readonly NewEvent[]) {
  const shapes: string[] = [];
  const actors: string[] = [];
  const intern = (names: string[], name: string) => {
    const index = names.indexOf(name);
    return index >= 0 ? index : names.push(name) - 1;
  };
  const encoded: EventRowValues[] = events.map((event) =>
    encodeEventRow(
      streamId,
      event.eventId,
      event.type,
      JSON.stringify(event.data ?? null),
      JSON.stringify(event.metadata ?? {}),
    ),
  );
  // As SQLite's hex() gives bytes back.
  const hexOf = (bytes: Uint8Array | null) =>
    bytes === null ? null : Buffer.from(bytes).toString('hex').toUpperCase();
  const rows = encoded.map((event, revision): EventRow => [
    revision + 1,
    typeof event.eventKey === 'string' ? null : hexOf(event.eventKey),
    typeof event.eventKey === 'string' ? event.eventKey : null,
    streamId,
    revision,
    intern(shapes, event.shape),
    event.actor === null ? null : intern(actors, event.actor),
    event.data,
    event.rest,
    hexOf(event.packed),
    event.occurredAt,
    Date.parse('2026-12-01T08:00:00.000Z'),
  ]);
  const decoded = rows.map((row) =>
    decodeEvent(
      row,
      (shapeNo: number) => compileShape(shapes[shapeNo]!),
      (actorNo: number) => JSON.parse(actors[actorNo]!) as unknown,
    ),
  );
  return { encoded, decoded, shapes, actors };
}

/** What format 1 gave back: the metadata through JSON, keys in their order. */
const throughJson = (value: unknown): string => JSON.stringify(value ?? {});

describe('the event row layout', () => {
  it('gives back an engine event exactly, keys in order, with nothing of its metadata left as JSON text', () => {
    const metadata = engineMetadata();
    const event = {
      eventId: '01a2309e-1577-770f-afe4-ebde117004bf',
      type: 'ComplaintCustomerReplied',
      data: { decision: 'accepted' },
      metadata,
    };
    const { encoded, decoded } = storeAndRead(STREAM, [event]);

    expect(JSON.stringify(decoded[0]!.metadata)).toBe(throughJson(metadata));
    expect(decoded[0]).toMatchObject({
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      streamId: STREAM,
    });
    expect(decoded[0]!.recordedAt).toBe('2026-12-01T08:00:00.000Z');
    expect(encoded[0]!.rest).toBeNull();
    expect(encoded[0]!.eventKey).toHaveLength(16);
    // The command id and the three digests, as bytes.
    expect(encoded[0]!.packed).toHaveLength(16 + 3 * 32);
    // The shape names the transition, never the case, the command or the time.
    expect(encoded[0]!.shape).not.toContain(metadata.caseId);
    expect(encoded[0]!.shape).not.toContain(metadata.commandId);
    expect(encoded[0]!.shape).not.toContain('2026');
  });

  it('shares one shape and one actor between the same transition on different cases', () => {
    const first = engineMetadata();
    const second = {
      ...engineMetadata(),
      caseId: '01a2309f-0000-7000-8000-000000000001',
      commandId: '01a2309f-0000-7000-8000-000000000002',
      correlationId: '01a2309f-0000-7000-8000-000000000002',
      causationId: '01a2309f-0000-7000-8000-000000000002',
      occurredAt: '2026-12-02T01:02:03.004Z',
    };
    const a = storeAndRead(STREAM, [{ eventId: 'a', type: 'T', data: {}, metadata: first }]);
    const b = storeAndRead(`complaint-${second.caseId}`, [
      { eventId: 'b', type: 'T', data: {}, metadata: second },
    ]);
    expect(b.shapes).toEqual(a.shapes);
    expect(b.actors).toEqual(a.actors);
    expect(JSON.stringify(b.decoded[0]!.metadata)).toBe(throughJson(second));
  });

  it("marks a stream's first prevHash without storing its 32 zero bytes", () => {
    const metadata = { ...engineMetadata(), prevHash: '0'.repeat(64) };
    const { encoded, decoded } = storeAndRead(STREAM, [{ eventId: 'g', type: 'T', data: null, metadata }]);
    expect(encoded[0]!.packed).toHaveLength(16 + 2 * 32);
    expect(decoded[0]!.metadata.prevHash).toBe('0'.repeat(64));
  });

  it.each([
    [
      'an upper-case UUID and ids that are not UUIDs',
      { commandId: '01A2309E-1577-7BE3-9368-CE6237CDA08D', correlationId: 'corr-1', causationId: 'x' },
    ],
    [
      'ids shaped like UUIDs that are not',
      {
        commandId: '01a2309e-1577-7be3-9368-ce6237cda08g',
        correlationId: '01a2309e11577-7be3-9368-ce6237cda08d',
      },
    ],
    ['a command id with a character beyond ASCII', { commandId: '01a2309e-1577-7be3-9368-ce6237cda08é' }],
    ['a correlation id before the command id', { correlationId: engineMetadata().commandId }],
    ['digests that are not lower-case hex', { commandHash: 'ABC', hash: 'F'.repeat(64), prevHash: 42 }],
    [
      'digests a digit short or long',
      { commandHash: 'a'.repeat(63), hash: 'b'.repeat(65), prevHash: 'g'.repeat(64) },
    ],
    ['a case id that does not end the stream id', { caseId: 'other-case' }],
    ['an empty case id', { caseId: '' }],
    ['a time that Date#toISOString would write differently', { occurredAt: '2026-12-01T07:59:56Z' }],
    ['a time that is not a time', { occurredAt: 'yesterday' }],
    ['an actor that is not an object', { actor: 'system' }],
    ['low-cardinality keys with object values', { machineVersion: { major: 2 }, toState: ['a', 'b'] }],
    [
      'numbers JSON cannot hold, and -0',
      { schemaVersion: Number.NaN, machineVersion: -0, fromState: Infinity },
    ],
    ['values JSON leaves out', { action: undefined, extra: () => 1, caseType: Symbol('s') }],
    ["keys of the caller's own, nested", { tenant: { id: 't-1', tags: ['a'] }, note: null, 'with space': 1 }],
    ['a date object', { occurredAt: new Date('2026-12-01T07:59:56.279Z') }],
  ])('gives back metadata with %s as JSON would', (_name, changes) => {
    // Keys of `changes` the engine's metadata has keep their place; a new one comes first.
    const metadata = { ...changes, ...engineMetadata(), ...changes };
    const { decoded } = storeAndRead(STREAM, [{ eventId: 'E-1', type: 'T', data: [1, 'two'], metadata }]);
    expect(JSON.stringify(decoded[0]!.metadata)).toBe(throughJson(metadata));
    expect(decoded[0]!.eventId).toBe('E-1');
    expect(decoded[0]!.data).toEqual([1, 'two']);
  });

  it.each([
    ['no metadata', undefined],
    ['empty metadata', {}],
    [
      'a key named __proto__',
      JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>,
    ],
    [
      'a class instance',
      new (class Meta {
        readonly kind = 'instance';
      })(),
    ],
    ['an object with toJSON', { toJSON: () => ({ replaced: true }) }],
  ])('gives back %s as JSON would', (_name, metadata) => {
    const event = { eventId: 'E-2', type: 'T', data: undefined, metadata } as unknown as NewEvent;
    const { decoded } = storeAndRead('s-1', [event]);
    expect(JSON.stringify(decoded[0]!.metadata)).toBe(throughJson(metadata));
    expect(Object.getPrototypeOf(decoded[0]!.metadata)).toBe(Object.prototype);
    expect(decoded[0]!.data).toBeNull();
  });

  it('keeps a lower-case UUID event id as 16 bytes and any other id as its text', () => {
    expect(eventKeyOf('01a2309e-1577-770f-afe4-ebde117004bf')).toHaveLength(16);
    expect(eventKeyOf('01A2309E-1577-770F-AFE4-EBDE117004BF')).toBe('01A2309E-1577-770F-AFE4-EBDE117004BF');
    expect(eventKeyOf('e-1')).toBe('e-1');
    expect(eventKeyOf('01a2309e-1577-770f-afe4-ebde117004b')).toBe('01a2309e-1577-770f-afe4-ebde117004b');
    expect(eventKeyOf('01a2309e-1577-770f-afe4-ebde117004bff')).toBe('01a2309e-1577-770f-afe4-ebde117004bff');
  });
});

describe("the event row layout's payloads (format 3)", () => {
  const CASE_ID = '01a2309e-155e-7636-b67a-3c892993cb49';
  const intake = (caseId: string) => ({
    channel: 'phone',
    customer: { name: '王建国', phone: '13800138000', class: 'B', sensitive: [] },
    vehicle: { vin: 'LSVAB4BR0HN000001', mileageKm: 42_000, options: { sunroof: true } },
    description: 'Engine noise came back',
    caseId,
    dealerId: 'D001',
  });

  it("keeps an object payload's keys in the shape and only its values in the row, the case id not at all", () => {
    const data = intake(CASE_ID);
    const { encoded, decoded } = storeAndRead(STREAM, [
      { eventId: 'E-1', type: 'ComplaintReceived', data, metadata: engineMetadata() },
    ]);

    expect(JSON.stringify(decoded[0]!.data)).toBe(JSON.stringify(data));
    expect(JSON.parse(encoded[0]!.data)).toEqual([
      'phone',
      '王建国',
      '13800138000',
      'B',
      [],
      'LSVAB4BR0HN000001',
      42_000,
      true,
      'Engine noise came back',
      'D001',
    ]);
    expect(encoded[0]!.data).not.toContain(CASE_ID);
    expect(JSON.parse(encoded[0]!.shape).data).toEqual([
      'channel',
      ['customer', ['name', 'phone', 'class', 'sensitive']],
      ['vehicle', ['vin', 'mileageKm', ['options', ['sunroof']]]],
      'description',
      ['caseId', STREAM.length - CASE_ID.length],
      'dealerId',
    ]);
  });

  it('shares one shape between the same payload keys on different cases', () => {
    const other = '01a2309f-0000-7000-8000-000000000001';
    const a = storeAndRead(STREAM, [{ eventId: 'a', type: 'T', data: intake(CASE_ID), metadata: {} }]);
    const b = storeAndRead(`complaint-${other}`, [
      { eventId: 'b', type: 'T', data: { ...intake(other), channel: 'email' }, metadata: {} },
    ]);
    expect(b.shapes).toEqual(a.shapes);
    expect(b.decoded[0]!.data).toEqual({ ...intake(other), channel: 'email' });
  });

  it.each([
    ['an array', [1, { a: 2 }]],
    ['a string', 'text'],
    ['a number', 42],
    ['null', null],
    ['an empty object', {}],
    ['a key that is not an identifier', { 'with space': 1, a: 2 }],
    ['an integer-like key', { b: 1, 2: 'two' }],
    ['a key named __proto__', JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as unknown],
    ['more keys than a layout names', Object.fromEntries(Array.from({ length: 65 }, (_, n) => [`k${n}`, n]))],
  ])('keeps a payload that is %s as its text', (_name, data) => {
    const { encoded, decoded } = storeAndRead(STREAM, [{ eventId: 'E-3', type: 'T', data, metadata: {} }]);
    expect(encoded[0]!.data).toBe(JSON.stringify(data));
    expect(JSON.parse(encoded[0]!.shape)).not.toHaveProperty('data');
    expect(JSON.stringify(decoded[0]!.data)).toBe(JSON.stringify(data));
    // Own keys and prototypes too: a key named __proto__ stays a key.
    expect(decoded[0]!.data).toStrictEqual(JSON.parse(JSON.stringify(data)));
  });

  it.each([
    ['nested objects whose keys are not identifiers', { parts: { 'A-100': 2, 'B-7': 1 }, note: 'x' }],
    ['nesting deeper than a layout goes', { a: { b: { c: { d: { e: 1 } } } }, z: 0 }],
    [
      'keys spread over objects beyond a layout',
      { a: Object.fromEntries(Array.from({ length: 64 }, (_, n) => [`k${n}`, n])), b: { c: 1 } },
    ],
    ['strings that end the stream id but are short', { suffix: CASE_ID.slice(-8), empty: '' }],
    ['a case id of another case', { caseId: '01a2309f-0000-7000-8000-000000000001' }],
    ['values JSON changes', { date: new Date('2026-12-01T00:00:00.000Z'), skipped: undefined, n: -0 }],
  ])('gives back a payload with %s as JSON would', (_name, data) => {
    const { decoded } = storeAndRead(STREAM, [{ eventId: 'E-4', type: 'T', data, metadata: {} }]);
    expect(JSON.stringify(decoded[0]!.data)).toBe(JSON.stringify(data));
  });

  it.each([
    ['spaces', '{ "a": 1 }'],
    ['a number JSON.stringify writes otherwise', '{"a":1.0}'],
    ['-0', '{"a":-0}'],
    ['an escape JSON.stringify does not make', '{"a":"\\u0041"}'],
    ['text that is not JSON', '{not json'],
  ])(
    'keeps payload text with %s exactly as it was given (a file of format 1 being converted)',
    (_name, text) => {
      const row = encodeEventRow(STREAM, 'E-5', 'T', text, '{}');
      expect(row.data).toBe(text);
      expect(JSON.parse(row.shape)).not.toHaveProperty('data');
    },
  );

  it('stores correlation and causation ids of their own as bytes, and a causation that is the correlation not at all', () => {
    const requestId = '7d9f1c52-3b1e-4c47-9a8e-0f6d2b4e8a11';
    const http = { ...engineMetadata(), correlationId: requestId, causationId: requestId };
    const linked = {
      ...engineMetadata(),
      correlationId: requestId,
      causationId: '01a2309e-0000-7000-8000-00000000000c',
    };
    const { encoded, decoded } = storeAndRead(STREAM, [
      { eventId: 'E-6', type: 'T', data: {}, metadata: http },
      { eventId: 'E-7', type: 'T', data: {}, metadata: linked },
    ]);

    expect(encoded.map((row) => row.rest)).toEqual([null, null]);
    expect(encoded.map((row) => row.packed?.length)).toEqual([2 * 16 + 3 * 32, 3 * 16 + 3 * 32]);
    expect(JSON.parse(encoded[0]!.shape).metadata).toContainEqual(['causationId', 'sameAs', 'correlationId']);
    expect(encoded[0]!.shape).not.toContain(requestId);
    expect(decoded.map((event) => JSON.stringify(event.metadata))).toEqual([
      throughJson(http),
      throughJson(linked),
    ]);
  });

  it('refuses a shape whose payload layout would set a prototype', () => {
    expect(() => compileShape('{"type":"T","metadata":[],"data":["a","__proto__"]}')).toThrow(
      /payload key "__proto__".*damaged/,
    );
  });
});
