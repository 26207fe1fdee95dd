import { EngineError, SYSTEM_ACTOR, TransitionNotAllowedError, type Clock } from '../kernel/index.js';
import { LruCache, type CaseCommandExecutor } from '../workflow-engine/index.js';
import type { DeadlinePolicy } from './deadline-policy.js';
import { PeriodicTask } from './periodic-task.js';
import type { DeadlineRow } from './deadline-rows.js';

export interface SweeperLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface SweepResult {
  /** Breach commands that recorded an event now. */
  readonly recorded: number;
  /** Already recorded (by an earlier sweep, another sweeper or before a restart): nothing appended. */
  readonly duplicates: number;
  /** The case moved on meanwhile; the machine refused the breach. */
  readonly refused: number;
  readonly failed: number;
}

/**
 * A duty one process of several performs at a time (e.g. a PostgreSQL advisory lock): the sweeper sweeps
 * only while it holds it. Without one, the sweeper is the only one (the embedded store has one process).
 */
export interface ExclusiveDuty {
  /** True while this process holds the duty; takes it when it is free. */
  claim(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Pending deadlines due by `now`, the earliest first, at most `limit` (`dueDeadlines` over SQLite,
 * `PostgresDeadlineQueries.due` over PostgreSQL).
 */
export type DueDeadlineReader = (now: string, limit: number) => Promise<readonly DeadlineRow[]>;

/** The command id of a breach: the same deadline always gives the same id, so it is recorded once. */
export function breachCommandId(row: Pick<DeadlineRow, 'case_id' | 'kind' | 'due_at'>): string {
  return `sla-breach:${row.case_id}:${row.kind}:${row.due_at}`;
}

/**
 * Turns due deadlines into ordinary commands (actor `system`) through the one command path. Deterministic
 * command ids make it safe to run two sweepers, to restart in the middle, and to sweep again before the
 * projection has seen the breach: the engine records each breach exactly once.
 */
export class SlaSweeper {
  private readonly loop = new PeriodicTask(
    () => this.sweepIfDuty(),
    (error) => this.logger.error({ err: error }, 'SLA sweep failed'),
  );
  /** Deadlines the machine refused: skipped until the projection moves them (bounded). */
  private readonly refused = new LruCache<string, true>(10_000);

  constructor(
    private readonly readDue: DueDeadlineReader,
    private readonly executor: CaseCommandExecutor,
    private readonly clock: Clock,
    private readonly policy: DeadlinePolicy,
    private readonly logger: SweeperLogger,
    private readonly batchSize = 500,
    private readonly duty?: ExclusiveDuty,
  ) {}

  private holdsDuty = false;

  /** Sweeps when this process holds the duty (always, without one); says when it takes or loses it. */
  private async sweepIfDuty(): Promise<SweepResult | undefined> {
    const holds = this.duty === undefined || (await this.duty.claim());
    if (holds !== this.holdsDuty && this.duty !== undefined) {
      this.logger.info(
        {},
        holds ? 'this process now sweeps SLA deadlines' : 'another process sweeps SLA deadlines',
      );
    }
    this.holdsDuty = holds;
    return holds ? this.sweepOnce() : undefined;
  }

  async sweepOnce(): Promise<SweepResult> {
    const now = this.clock.now().toISOString();
    const due = await this.readDue(now, this.batchSize + this.refused.size);
    let recorded = 0;
    let duplicates = 0;
    let refused = 0;
    let failed = 0;
    for (const row of due) {
      const commandId = breachCommandId(row);
      if (this.refused.get(commandId) !== undefined) continue;
      const rule = this.policy.rules.find(
        (candidate) => candidate.caseType === row.case_type && candidate.kind === row.kind,
      );
      try {
        const outcome = await this.executor.execute({
          caseType: row.case_type,
          caseId: row.case_id,
          action: rule?.breachAction ?? 'record-breach',
          data: { kind: row.kind, dueAt: row.due_at },
          actor: SYSTEM_ACTOR,
          commandId,
          correlationId: commandId,
        });
        if (outcome.duplicate) duplicates += 1;
        else recorded += 1;
      } catch (error) {
        if (error instanceof TransitionNotAllowedError) {
          refused += 1;
          this.refused.set(commandId, true);
          this.logger.warn(
            { caseId: row.case_id, kind: row.kind, state: error.state },
            'deadline due but the case no longer takes a breach',
          );
        } else {
          failed += 1;
          this.logger.error(
            { err: error instanceof EngineError ? error.message : error, caseId: row.case_id },
            'breach not recorded; retrying next sweep',
          );
        }
      }
    }
    if (recorded > 0) this.logger.info({ recorded, duplicates }, 'SLA breaches recorded');
    return { recorded, duplicates, refused, failed };
  }

  /** Sweeps now (catching deadlines that fell due while the process was down), then every `intervalMs`. */
  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.duty?.release();
  }
}
