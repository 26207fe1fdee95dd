/**
 * A small, hand-written description of the shape a JSON document must have, reporting every deviation with
 * its JSON path (`$.rules[2].within.weeks`). Enough for the policy files; no schema library needed.
 */
export type Report = (path: string, problem: string) => void;
export type Shape = (value: unknown, path: string, report: Report) => void;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const text: Shape = (value, path, report) => {
  if (typeof value !== 'string' || value.trim().length === 0) report(path, 'must be a non-empty string');
};

export const flag: Shape = (value, path, report) => {
  if (typeof value !== 'boolean') report(path, 'must be true or false');
};

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const calendarDate: Shape = (value, path, report) => {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  const day = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (day === null || day.toISOString().slice(0, 10) !== value) report(path, 'must be a date YYYY-MM-DD');
};

export function wholeNumber(min = 0): Shape {
  return (value, path, report) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
      report(path, `must be a whole number ≥ ${min}`);
  };
}

export function fraction(max: number): Shape {
  return (value, path, report) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max)
      report(path, `must be a number from 0 to ${max}`);
  };
}

export function oneOf(values: readonly string[]): Shape {
  return (value, path, report) => {
    if (typeof value !== 'string' || !values.includes(value))
      report(path, `must be one of ${values.join(', ')}`);
  };
}

export function list(item: Shape, options: { nonEmpty?: boolean } = {}): Shape {
  return (value, path, report) => {
    if (!Array.isArray(value)) return report(path, 'must be an array');
    if (options.nonEmpty === true && value.length === 0) report(path, 'must not be empty');
    value.forEach((entry, index) => item(entry, `${path}[${index}]`, report));
  };
}

/** An object with these required and optional fields; any other field is reported (typos hide rules). */
export function record(required: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape {
  return (value, path, report) => {
    if (!isObject(value)) return report(path, 'must be an object');
    for (const [key, shape] of Object.entries(required)) {
      if (value[key] === undefined) report(`${path}.${key}`, 'is required');
      else shape(value[key], `${path}.${key}`, report);
    }
    for (const [key, shape] of Object.entries(optional)) {
      if (value[key] !== undefined) shape(value[key], `${path}.${key}`, report);
    }
    for (const key of Object.keys(value)) {
      if (!(key in required) && !(key in optional)) report(`${path}.${key}`, 'is not a known field');
    }
  };
}

/** Objects told apart by one field (`kind`), each with its own shape. */
export function variants(key: string, shapes: Record<string, Shape>): Shape {
  const names = Object.keys(shapes);
  return (value, path, report) => {
    if (!isObject(value)) return report(path, 'must be an object');
    const shape = typeof value[key] === 'string' ? shapes[value[key]] : undefined;
    if (shape === undefined) return report(`${path}.${key}`, `must be one of ${names.join(', ')}`);
    shape(value, path, report);
  };
}

/** A shape plus a rule across its fields, checked only when the shape itself holds. */
export function refined(
  shape: Shape,
  rule: (value: JsonObject, path: string, report: Report) => void,
): Shape {
  return (value, path, report) => {
    let wellFormed = true;
    shape(value, path, (at, problem) => {
      wellFormed = false;
      report(at, problem);
    });
    if (wellFormed && isObject(value)) rule(value, path, report);
  };
}

/** Every problem of `value`; within an object: required fields, then optional ones, then unknown ones. */
export function problemsOf(shape: Shape, value: unknown): { path: string; problem: string }[] {
  const problems: { path: string; problem: string }[] = [];
  shape(value, '$', (path, problem) => problems.push({ path, problem }));
  return problems;
}
