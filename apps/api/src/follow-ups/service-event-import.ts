import {
  EngineError,
  ForbiddenError,
  ValidationFailedError,
  type Actor,
  type FieldError,
} from '../../../../libs/kernel/index.js';
import { parseServiceEventCsv } from '../../../../workflows/service-event/csv-import.js';
import type { RouteKey } from '../http/request-gate.js';
import type { ServiceEventIntake } from './service-event-intake.js';

export const SERVICE_EVENT_IMPORT_ROUTE: RouteKey = 'POST /api/v1/service-events/import';
/** 2 MiB: some ten thousand lines, a day's export of a large dealer. */
export const SERVICE_EVENT_IMPORT_LIMIT = 2 * 1024 * 1024;

export interface ImportAnswer {
  readonly accepted: number;
  readonly refused: { line: number; errors: readonly FieldError[] }[];
  readonly position: number;
}

/**
 * Each line of the CSV reported as one service event, in order, through the same intake as a single
 * report (so a line already imported answers as a repeat): a line refused, by the CSV reader or the
 * schema, is listed with its errors and the others are kept. A caller who may report no service event
 * at all is refused as a whole.
 */
export async function importServiceEvents(
  intake: ServiceEventIntake,
  text: string,
  actor: Actor,
  correlationId: string,
): Promise<ImportAnswer> {
  const parsed = parseServiceEventCsv(text);
  if ('header' in parsed) throw new ValidationFailedError(parsed.header, 'The CSV header is not usable');
  let accepted = 0;
  let position = 0;
  const refused: { line: number; errors: readonly FieldError[] }[] = [];
  for (const line of parsed.lines) {
    if ('errors' in line) {
      refused.push({ line: line.line, errors: line.errors });
      continue;
    }
    try {
      const answer = await intake.receive(line.body, actor, correlationId);
      accepted += 1;
      position = Math.max(position, answer.position);
    } catch (error) {
      if (error instanceof ForbiddenError) throw error;
      if (error instanceof ValidationFailedError) refused.push({ line: line.line, errors: error.errors });
      else if (error instanceof EngineError)
        refused.push({ line: line.line, errors: [{ field: 'line', reason: error.message }] });
      else throw error;
    }
  }
  return { accepted, refused, position };
}
