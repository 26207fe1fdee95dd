// @ts-check
/**
 * How an event is laid out in a row of the SQLite file (format 3), written by the append core (in the
 * writer thread, or on the event loop) and read back by sqlite-event-row-decoding.ts.
 *
 * The engine's metadata is mostly the same from event to event (its keys, the workflow's version, the
 * transition, the actor) or a fixed-size value spelt out as text (ids and SHA-256 digests in hex, ISO
 * times). Format 1 stored all of it as one JSON text of ≈ 700 bytes per event. Format 2 keeps
 * - the repeated part once, as a numbered *shape* (the event type, the metadata's keys in order, and the
 *   values of the low-cardinality keys) and a numbered *actor*, both interned by the append core;
 * - the command id, a correlation or causation id of its own (16 bytes each) and the digests (32 each)
 *   packed in one blob, in the shape's order;
 * - times as integer milliseconds, the case id as the end of the stream id, the event id as 16 bytes;
 * - anything else in a per-event JSON `rest`;
 * - (format 3) the payload's keys in the shape too, and in `data` only its values, as a JSON array.
 * Every value is checked to come back exactly as it was appended (the hash chain is computed over it): a
 * value that would not is kept in `rest`, a payload that would not is kept as its text.
 *
 * A shape is JSON: `{"type": "...", "metadata": [entry, ...], "data": layout}`, or `"metadata": null` when
 * the metadata is kept whole in `rest`; without `"data"`, `data` is the payload's JSON text (every row of
 * format 2). A metadata entry says where a key's value is:
 * - `["k"]`: in `rest`
 * - `["k", "value", v]`: in the shape
 * - `["k", "streamSuffix", n]`: the stream id after its first n characters (a case id)
 * - `["k", "actor"]`, `["k", "occurredAt"]`: in that column
 * - `["k", "commandId"]`, `["k", "uuid"]`, `["k", "commandHash" | "prevHash" | "hash"]`: next in `packed`
 * - `["k", "genesis"]`: 64 zeros (a stream's first prevHash)
 * - `["k", "sameAsCommandId"]`: the command id (correlation and causation of a command's own event)
 * - `["k", "sameAs", "j"]`: the value of the earlier key j (a causation that is the correlation)
 *
 * A payload layout is the list of an object's keys in order, each entry one of
 * - `"k"`: the value is the next one in `data`'s array
 * - `["k", n]`: the value is the stream id after its first n characters (the case id, again)
 * - `["k", layout]`: the value is an object laid out the same way, its values next in the array.
 * Only plain objects whose keys are identifiers are laid out (other keys would make a shape per event, and
 * integer-like keys would change order); anything else is a value.
 */

import { millisecondsOf } from './iso-time.mjs';

/**
 * @typedef {{ eventKey: Uint8Array | string, shape: string, actor: string | null, data: string,
 *   rest: string | null, packed: Uint8Array | null, occurredAt: number | null, shapeNo: number,
 *   actorNo: number | null }} EventRowValues
 *   `shapeNo` and `actorNo` are filled in by the append core, which numbers shapes and actors.
 */

/** Keys whose values are few across a whole store, so they live in the shape instead of every row. */
const SHAPE_VALUE_KEYS = new Set([
  'caseType',
  'machineVersion',
  'schemaVersion',
  'action',
  'fromState',
  'toState',
]);
export const GENESIS = '0'.repeat(64);
/** The most `packed` can hold: a command id, a correlation and a causation id, and three digests. */
const PACKED_MAX = 3 * 16 + 3 * 32;
/** Keys a payload layout may name: identifiers, so a shape holds a schema's field names, not data. */
const LAYOUT_KEY = /^[A-Za-z_$][\w$]{0,63}$/;
/** The most keys one payload's layout names, and how deep it nests; the rest are values. */
const LAYOUT_MAX_KEYS = 64;
const LAYOUT_MAX_DEPTH = 4;
/** A payload string this long that ends the stream id is stored as a reference to it (a case id). */
const SUFFIX_MIN_LENGTH = 16;

/** The value of each lower-case hex digit by character code; -1 for every other character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) HEX_VALUE['0123456789abcdef'.charCodeAt(digit)] = digit;

/**
 * Writes `count` bytes from the lower-case hex digits of `text` at `from` into `bytes` at `offset`, and
 * says whether they were all such digits (a regular expression to check and Buffer#write to convert cost
 * several times as much, and this runs for every id and digest appended).
 * @param {string} text
 * @param {number} from
 * @param {number} count
 * @param {Uint8Array} bytes
 * @param {number} offset
 */
function hexInto(text, from, count, bytes, offset) {
  for (let index = 0; index < count; index++) {
    // charCodeAt past the end is NaN, and `| 0` makes it 0, which is no digit.
    const high = HEX_VALUE[text.charCodeAt(from + 2 * index) | 0] ?? -1;
    const low = HEX_VALUE[text.charCodeAt(from + 2 * index + 1) | 0] ?? -1;
    if ((high | low) < 0) return false;
    bytes[offset + index] = (high << 4) | low;
  }
  return true;
}

/**
 * Writes a lower-case UUID's 16 bytes at `offset`, if `value` is one.
 * @param {unknown} value
 * @param {Uint8Array} bytes
 * @param {number} offset
 */
function uuidInto(value, bytes, offset) {
  return (
    typeof value === 'string' &&
    value.length === 36 &&
    value.charCodeAt(8) === 0x2d &&
    value.charCodeAt(13) === 0x2d &&
    value.charCodeAt(18) === 0x2d &&
    value.charCodeAt(23) === 0x2d &&
    hexInto(value, 0, 4, bytes, offset) &&
    hexInto(value, 9, 2, bytes, offset + 4) &&
    hexInto(value, 14, 2, bytes, offset + 6) &&
    hexInto(value, 19, 2, bytes, offset + 8) &&
    hexInto(value, 24, 6, bytes, offset + 10)
  );
}

/**
 * Writes a SHA-256 digest's 32 bytes (64 lower-case hex digits) at `offset`, if `value` is one.
 * @param {unknown} value
 * @param {Uint8Array} bytes
 * @param {number} offset
 */
const digestInto = (value, bytes, offset) =>
  typeof value === 'string' && value.length === 64 && hexInto(value, 0, 32, bytes, offset);

/**
 * The event id as the `event_id` column keeps it: a lowercase UUID as its 16 bytes, anything else as text.
 * @param {string} eventId
 * @returns {Uint8Array | string}
 */
export function eventKeyOf(eventId) {
  const bytes = Buffer.allocUnsafe(16);
  return uuidInto(eventId, bytes, 0) ? bytes : eventId;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** @type {Map<string, string>} */
const jsonKeys = new Map();
/**
 * A key as JSON text; the engine's few keys are remembered.
 * @param {string} key
 */
function jsonKey(key) {
  let text = jsonKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (jsonKeys.size < 1_000) jsonKeys.set(key, text);
  }
  return text;
}

/**
 * The row values of one event, from the event as the store serialised it (payload and metadata as JSON).
 * The payload's text is stored as given.
 * @param {string} streamId
 * @param {string} eventId
 * @param {string} type
 * @param {string} data
 * @param {string} metadataJson
 * @returns {EventRowValues}
 */
export function encodeEventRow(streamId, eventId, type, data, metadataJson) {
  /** @type {EventRowValues} */
  const row = {
    eventKey: eventKeyOf(eventId),
    shape: '',
    actor: null,
    data,
    rest: null,
    packed: null,
    occurredAt: null,
    shapeNo: 0,
    actorNo: null,
  };
  const metadata = /** @type {unknown} */ (JSON.parse(metadataJson));
  // JSON.parse makes "__proto__" an own key, which building the object back key by key would not.
  if (!isObject(metadata) || Object.hasOwn(metadata, '__proto__')) {
    row.shape = `{"type":${JSON.stringify(type)},"metadata":null}`;
    row.rest = metadataJson;
    return row;
  }
  // The shape is written as JSON text directly: it is built for every event, and JSON.stringify of nested
  // arrays costs more than the rest of the encoding.
  let shape = `{"type":${JSON.stringify(type)},"metadata":[`;
  /** @type {Record<string, unknown> | undefined} */
  let rest;
  const packed = Buffer.allocUnsafe(PACKED_MAX);
  let packedLength = 0;
  let commandIdPacked = false;
  let correlationSeen = false;
  let first = true;
  for (const key in metadata) {
    const value = metadata[key];
    /** @type {string | undefined} */
    let place;
    switch (key) {
      case 'caseId':
        if (typeof value === 'string' && value.length > 0 && streamId.endsWith(value))
          place = `,"streamSuffix",${streamId.length - value.length}`;
        break;
      case 'actor':
        if (isObject(value)) {
          row.actor = JSON.stringify(value);
          place = ',"actor"';
        }
        break;
      case 'occurredAt': {
        const ms = millisecondsOf(value);
        if (ms !== undefined) {
          row.occurredAt = ms;
          place = ',"occurredAt"';
        }
        break;
      }
      case 'commandId':
        // Only the first commandId key could be packed, but JSON.parse keeps one of each key anyway.
        if (uuidInto(value, packed, packedLength)) {
          commandIdPacked = true;
          packedLength += 16;
          place = ',"commandId"';
        }
        break;
      case 'correlationId':
      case 'causationId':
        if (commandIdPacked && value === metadata.commandId) place = ',"sameAsCommandId"';
        else if (
          key === 'causationId' &&
          correlationSeen &&
          typeof value === 'string' &&
          value === metadata.correlationId
        )
          place = ',"sameAs","correlationId"';
        else if (uuidInto(value, packed, packedLength)) {
          packedLength += 16;
          place = ',"uuid"';
        }
        if (key === 'correlationId') correlationSeen = true;
        break;
      case 'prevHash':
      case 'commandHash':
      case 'hash':
        if (key === 'prevHash' && value === GENESIS) place = ',"genesis"';
        else if (digestInto(value, packed, packedLength)) {
          packedLength += 32;
          place = `,"${key}"`;
        }
        break;
      default:
        if (
          SHAPE_VALUE_KEYS.has(key) &&
          (typeof value === 'string' ||
            typeof value === 'boolean' ||
            value === null ||
            (typeof value === 'number' && Number.isFinite(value)))
        )
          place = `,"value",${JSON.stringify(value)}`;
    }
    if (place === undefined) {
      place = '';
      (rest ??= {})[key] = value;
    }
    shape += `${first ? '' : ','}[${jsonKey(key)}${place}]`;
    first = false;
  }
  const payload = laidOutPayload(streamId, data);
  if (payload !== undefined) row.data = payload.values;
  row.shape = `${shape}]${payload === undefined ? '' : `,"data":${payload.layout}`}}`;
  if (rest !== undefined) row.rest = JSON.stringify(rest);
  if (packedLength > 0) row.packed = packed.subarray(0, packedLength);
  return row;
}

/**
 * A payload's layout (its keys, for the shape) and its values (for `data`), when it is an object whose
 * text is exactly what its layout and values give back; otherwise undefined, and the payload is kept as
 * its text.
 * @param {string} streamId
 * @param {string} data
 * @returns {{ layout: string, values: string } | undefined}
 */
function laidOutPayload(streamId, data) {
  if (data.charCodeAt(0) !== 0x7b) return undefined;
  /** @type {unknown} */
  let payload;
  try {
    payload = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isObject(payload)) return undefined;
  const text = { values: '', copy: '' };
  const layout = layoutOf(payload, streamId, text, { keys: LAYOUT_MAX_KEYS }, 1);
  // The payload as it will read back, written as JSON.stringify would: any difference from the text
  // given (spaces, `1.0`, `-0`, an escape, a repeated key) keeps the text.
  return layout === undefined || text.copy !== data ? undefined : { layout, values: `[${text.values}]` };
}

/** @param {string} key */
const isLayoutKey = (key) => LAYOUT_KEY.test(key) && key !== '__proto__';

/**
 * The layout of `object` as JSON text; appends its values' JSON to `text.values` in the layout's order and
 * the object's JSON to `text.copy`. Undefined, with nothing appended, when its keys cannot be laid out.
 * @param {Record<string, unknown>} object
 * @param {string} streamId
 * @param {{ values: string, copy: string }} text
 * @param {{ keys: number }} budget keys the whole payload's layout may still name
 * @param {number} depth
 * @returns {string | undefined}
 */
function layoutOf(object, streamId, text, budget, depth) {
  const keys = Object.keys(object);
  if (keys.length === 0 || keys.length > budget.keys || !keys.every(isLayoutKey)) return undefined;
  budget.keys -= keys.length;
  let layout = '[';
  text.copy += '{';
  for (let index = 0; index < keys.length; index++) {
    const key = /** @type {string} */ (keys[index]);
    const value = object[key];
    const name = jsonKey(key);
    text.copy += `${index === 0 ? '' : ','}${name}:`;
    /** @type {string | undefined} */
    let entry;
    if (typeof value === 'string' && value.length >= SUFFIX_MIN_LENGTH && streamId.endsWith(value)) {
      entry = `[${name},${streamId.length - value.length}]`;
      text.copy += JSON.stringify(value);
    } else if (depth < LAYOUT_MAX_DEPTH && isObject(value)) {
      const inner = layoutOf(value, streamId, text, budget, depth + 1);
      if (inner !== undefined) entry = `[${name},${inner}]`;
    }
    if (entry === undefined) {
      const json = JSON.stringify(value);
      text.values += text.values === '' ? json : `,${json}`;
      text.copy += json;
      entry = name;
    }
    layout += `${index === 0 ? '' : ','}${entry}`;
  }
  text.copy += '}';
  return `${layout}]`;
}
