import type { RecordedEvent } from '../../kernel/index.js';
import { GENESIS } from './sqlite-event-row.mjs';
import { isoTimeOf } from './iso-time.mjs';

/**
 * Reads an event back from its row (the layout is described in sqlite-event-row.mjs): its metadata exactly
 * as it was appended, keys in their order.
 */

/**
 * A stored event as the reads fetch it: a bare array in the order of eventColumns (better-sqlite3 spends
 * as long naming the columns of each row object as reading the row). Bytes come as SQLite's hex text:
 * better-sqlite3 makes a Buffer of each blob it returns, at ≈ 1.4 µs apiece, several times what hex()
 * and the string cost.
 */
export type EventRow = [
  position: number,
  /** The event id's 16 bytes in upper-case hex, when the id is a UUID; otherwise null. */
  eventKeyHex: string | null,
  /** The event id as it was given, when it is not a UUID; otherwise null. */
  eventIdText: string | null,
  streamId: string,
  revision: number,
  shapeNo: number,
  actorNo: number | null,
  data: string,
  rest: string | null,
  /** `packed` in upper-case hex. */
  packedHex: string | null,
  occurredAt: number | null,
  recordedAt: number | string,
];
/** The columns of an EventRow, the stream id taken from `streamId` (a column, or a parameter). */
export const eventColumns = (streamId: string): string => `e.position,
  CASE WHEN typeof(e.event_id) = 'blob' THEN hex(e.event_id) END,
  CASE WHEN typeof(e.event_id) = 'blob' THEN NULL ELSE e.event_id END,
  ${streamId}, e.revision, e.shape_no, e.actor_no, e.data, e.rest, hex(e.packed), e.occurred_at, e.recorded_at`;

const Place = {
  Rest: 0,
  Value: 1,
  StreamSuffix: 2,
  Actor: 3,
  OccurredAt: 4,
  CommandId: 5,
  Digest: 6,
  Genesis: 7,
  SameAsCommandId: 8,
  Uuid: 9,
  SameAs: 10,
} as const;
type Place = (typeof Place)[keyof typeof Place];
const PLACES: Record<string, Place> = {
  value: Place.Value,
  streamSuffix: Place.StreamSuffix,
  actor: Place.Actor,
  occurredAt: Place.OccurredAt,
  commandId: Place.CommandId,
  commandHash: Place.Digest,
  prevHash: Place.Digest,
  hash: Place.Digest,
  genesis: Place.Genesis,
  sameAsCommandId: Place.SameAsCommandId,
  uuid: Place.Uuid,
  sameAs: Place.SameAs,
};

/**
 * A payload layout, compiled: for each key, where its value is — the next of `data`'s values (`undefined`),
 * the stream id after a number of characters (a number), or an object laid out the same way.
 */
export interface PayloadLayout {
  readonly keys: readonly string[];
  readonly places: readonly (undefined | number | PayloadLayout)[];
}

/** A shape, compiled once per reader: for each key, where its value is and what the place needs. */
export interface CompiledShape {
  readonly type: string;
  /** Null: the whole metadata is in `rest`. */
  readonly keys: readonly string[] | null;
  readonly places: readonly Place[];
  /**
   * The value (Value), the stream id's prefix length (StreamSuffix), the offset in `packed`, or the earlier
   * key whose value this is (SameAs).
   */
  readonly arguments: readonly unknown[];
  /** Where the command id is in `packed`, if it is there. */
  readonly commandIdAt: number | undefined;
  /** Format 3: the payload's keys, `data` holding its values; undefined: `data` is the payload's text. */
  readonly payload: PayloadLayout | undefined;
}

type ShapeEntry = [key: string, place?: string, value?: unknown];
type LayoutEntry = string | [key: string, place: number | LayoutEntry[]];

const damaged = (what: string): Error => new Error(`The event file has a shape with ${what}: it is damaged`);

function compileLayout(entries: readonly LayoutEntry[]): PayloadLayout {
  const keys: string[] = [];
  const places: (undefined | number | PayloadLayout)[] = [];
  for (const entry of entries) {
    const [key, place] = typeof entry === 'string' ? [entry, undefined] : entry;
    // Assigning __proto__ would set the payload's prototype instead of a key; the writer never lays it out.
    if (typeof key !== 'string' || key === '__proto__') throw damaged(`a payload key ${JSON.stringify(key)}`);
    keys.push(key);
    places.push(Array.isArray(place) ? compileLayout(place) : place);
  }
  return { keys, places };
}

/** The payload from its layout and its values, taken from `values` from `next.index` on. */
function assemble(
  layout: PayloadLayout,
  values: readonly unknown[],
  next: { index: number },
  streamId: string,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const { keys, places } = layout;
  for (let index = 0; index < keys.length; index++) {
    const place = places[index];
    payload[keys[index]!] =
      place === undefined
        ? values[next.index++]
        : typeof place === 'number'
          ? streamId.slice(place)
          : assemble(place, values, next, streamId);
  }
  return payload;
}

function payloadOf(row: EventRow, layout: PayloadLayout | undefined): unknown {
  const data = JSON.parse(row[7]) as unknown;
  if (layout === undefined) return data;
  if (!Array.isArray(data))
    throw new Error(`The event at position ${row[0]} has no payload values: it is damaged`);
  return assemble(layout, data, { index: 0 }, row[3]);
}

export function compileShape(text: string): CompiledShape {
  const shape = JSON.parse(text) as {
    type: string;
    metadata: ShapeEntry[] | null;
    data?: LayoutEntry[];
  };
  const payload = shape.data === undefined ? undefined : compileLayout(shape.data);
  if (shape.metadata === null) {
    return { type: shape.type, keys: null, places: [], arguments: [], commandIdAt: undefined, payload };
  }
  const places: Place[] = [];
  const values: unknown[] = [];
  let offset = 0;
  let commandIdAt: number | undefined;
  for (const [, name, value] of shape.metadata) {
    const place = name === undefined ? Place.Rest : PLACES[name];
    if (place === undefined) throw damaged(`an unknown place "${name}"`);
    places.push(place);
    if (place === Place.CommandId) {
      commandIdAt = offset;
      values.push(offset);
      offset += 16;
    } else if (place === Place.Uuid) {
      values.push(offset);
      offset += 16;
    } else if (place === Place.Digest) {
      values.push(offset);
      offset += 32;
    } else values.push(value);
  }
  return {
    type: shape.type,
    keys: shape.metadata.map((entry) => entry[0]),
    places,
    arguments: values,
    commandIdAt,
    payload,
  };
}

/** A hex digit's character code, lower-cased: `| 0x20` lowers A–F and keeps 0–9. */
const lowerDigitAt = (hex: string, index: number): number => hex.charCodeAt(index) | 0x20;

/**
 * The UUID whose 16 bytes are the 32 hex digits at `offset`, as lower-case text with dashes. Made by one
 * String.fromCharCode, a flat string of its own: slices joined by `+` would be a rope of pieces (or keep the
 * whole row's hex alive) for as long as the id is kept, and a hot case keeps the command ids it has seen.
 */
function uuidAt(hex: string, offset: number): string {
  const at = (index: number): number => lowerDigitAt(hex, offset + index);
  // prettier-ignore
  return String.fromCharCode(
    at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), 0x2d,
    at(8), at(9), at(10), at(11), 0x2d,
    at(12), at(13), at(14), at(15), 0x2d,
    at(16), at(17), at(18), at(19), 0x2d,
    at(20), at(21), at(22), at(23), at(24), at(25), at(26), at(27), at(28), at(29), at(30), at(31),
  );
}

/**
 * The 32 bytes at `offset` as 64 lower-case hex digits. toLowerCase makes a new flat string, so the digest
 * does not keep the row's hex alive (it would only return the slice itself for 64 digits without a letter).
 */
const digestAt = (hex: string, offset: number): string => hex.slice(offset, offset + 64).toLowerCase();

/**
 * The recorded event of a row. `actorOf` gives an actor by number: one object for every event of the actor,
 * frozen (deepFrozen) because it is shared, as the recorded facts are not to be changed anyway.
 */
export function decodeEvent(
  row: EventRow,
  shapeOf: (shapeNo: number) => CompiledShape,
  actorOf: (actorNo: number) => unknown,
): RecordedEvent {
  const streamId = row[3];
  const shape = shapeOf(row[5]);
  const rest = row[8] === null ? undefined : (JSON.parse(row[8]) as Record<string, unknown>);
  let metadata: Record<string, unknown>;
  if (shape.keys === null) metadata = rest ?? {};
  else {
    metadata = {};
    const { keys, places, arguments: values, commandIdAt } = shape;
    // Two hex digits a byte.
    const packed = row[9];
    const commandId = commandIdAt === undefined ? undefined : uuidAt(packed!, 2 * commandIdAt);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      let value: unknown;
      switch (places[index]) {
        case Place.Value:
          value = values[index];
          break;
        case Place.StreamSuffix:
          value = streamId.slice(values[index] as number);
          break;
        case Place.Actor:
          value = actorOf(row[6]!);
          break;
        case Place.OccurredAt:
          value = isoTimeOf(row[10]!);
          break;
        case Place.CommandId:
        case Place.SameAsCommandId:
          value = commandId;
          break;
        case Place.Digest:
          value = digestAt(packed!, 2 * (values[index] as number));
          break;
        case Place.Genesis:
          value = GENESIS;
          break;
        case Place.Uuid:
          value = uuidAt(packed!, 2 * (values[index] as number));
          break;
        case Place.SameAs:
          value = metadata[values[index] as string];
          break;
        default:
          value = rest?.[key];
      }
      metadata[key] = value;
    }
  }
  const recordedAt = row[11];
  return {
    eventId: row[1] === null ? row[2]! : uuidAt(row[1], 0),
    streamId,
    revision: row[4],
    position: row[0],
    type: shape.type,
    data: payloadOf(row, shape.payload),
    metadata,
    recordedAt: typeof recordedAt === 'number' ? isoTimeOf(recordedAt) : recordedAt,
  };
}

/** A parsed JSON value made read-only all the way down, to be shared between the events that refer to it. */
export function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFrozen(inner);
    Object.freeze(value);
  }
  return value;
}
