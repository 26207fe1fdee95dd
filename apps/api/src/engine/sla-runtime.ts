import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Projection } from '../../../../libs/projections/projection.js';
import type { EngineRuntime } from '../../../../libs/runtime/engine-runtime.js';
import type { DeadlineView } from '../../../../libs/workflow-engine/index.js';
import type { AppConfig } from '../config/app-config.js';

export interface SlaRuntimeParts {
  readonly projections: (readModels: Database.Database) => readonly Projection[];
  readonly deadlineReader: (
    readModels: Database.Database,
    caseId: string,
    at: string,
    asOf: boolean,
  ) => DeadlineView[];
  readonly deadlineCounter: (readModels: Database.Database, now: string) => Record<string, number>;
  startSweeper(runtime: EngineRuntime, logger: Logger): void;
  stopSweeper(): void;
}

export function slaRuntimeParts(_config: AppConfig): SlaRuntimeParts {
  return {
    projections: () => [],
    deadlineReader: () => [],
    deadlineCounter: () => ({}),
    startSweeper: () => undefined,
    stopSweeper: () => undefined,
  };
}
