import {
  EngineError,
  IdempotencyKeyReusedError,
  type Actor,
  type CaseContext,
  type Clock,
  type LapsedVehicle,
  type LostCustomerCallback,
  type ModuleCommand,
} from '../kernel/index.js';
import { ERASED, sealedSubjectsIn, type PersonalDataKeyVault } from '../personal-data/index.js';
import { PeriodicTask, type ExclusiveDuty, type IsoDuration, type SweeperLogger } from '../sla/index.js';
import type { CaseCommandExecutor } from '../workflow-engine/index.js';
import type { LapsedVehicleRow, LostCustomerReads } from './lost-customer-reads.js';

export interface LostCustomerSweepResult {
  /** Callbacks recorded now (the lapse's service event and its calls). */
  readonly scheduled: number;
  /** Vehicles skipped: their customer's number was erased, or recording failed (retried next sweep). */
  readonly skipped: number;
}

/** `at - period`, months and years by the calendar (UTC), the rest exactly. */
export function lapseCutoff(at: Date, period: IsoDuration): string {
  const cutoff = new Date(at.getTime() - period.milliseconds);
  if (period.years !== 0 || period.months !== 0)
    cutoff.setUTCMonth(cutoff.getUTCMonth() - period.years * 12 - period.months);
  return cutoff.toISOString();
}

/**
 * Lost customers (seed 004 「负责流失用户维护回访(3 个月未回站用户,月中完成),月底统计汇总」): vehicles whose last
 * visit is older than the period get a callback, recorded by the module that declares how
 * (`lostCustomerCallback`) through the one command path, by the engine acting for the dealer of the last
 * visit. Its ids derive from the vehicle and that visit, and the customer records note the callback, so
 * each lapse is recorded exactly once — across sweeps, restarts and two sweepers.
 */
export class LostCustomerSweep {
  private readonly loop = new PeriodicTask(
    async () => (this.duty === undefined || (await this.duty.claim()) ? this.sweepOnce() : undefined),
    (error) => this.logger.error({ err: error }, 'lost-customer sweep failed'),
  );

  constructor(
    private readonly reads: LostCustomerReads,
    private readonly callback: LostCustomerCallback,
    private readonly engine: {
      readonly executor: CaseCommandExecutor;
      load(caseType: string, caseId: string): Promise<CaseContext | undefined>;
    },
    private readonly vault: PersonalDataKeyVault | undefined,
    private readonly clock: Clock,
    private readonly period: IsoDuration,
    private readonly logger: SweeperLogger,
    private readonly duty?: ExclusiveDuty,
    private readonly batchSize = 200,
  ) {}

  async sweepOnce(): Promise<LostCustomerSweepResult> {
    const now = this.clock.now();
    const lapsed = await this.reads.lapsed(lapseCutoff(now, this.period), this.batchSize);
    let scheduled = 0;
    let skipped = 0;
    for (const row of lapsed) {
      const vehicle = await this.vehicleOf(row);
      if (vehicle === undefined) {
        skipped += 1;
        continue;
      }
      const actor: Actor = {
        id: 'system',
        name: 'Lost-customer sweep',
        roles: ['system'],
        dealerId: row.visit_dealer_id,
        ...(row.visit_region_id !== null ? { regionId: row.visit_region_id } : {}),
      };
      try {
        const recorded = this.callback.record(vehicle, now.toISOString());
        const fresh = await this.once(recorded, actor);
        const context = await this.engine.load(recorded.caseType, recorded.caseId);
        for (const next of context !== undefined ? this.callback.followOn({ ...context }) : [])
          await this.once(next, actor, recorded.caseId);
        if (fresh) scheduled += 1;
      } catch (error) {
        skipped += 1;
        this.logger.error(
          { err: error instanceof EngineError ? error.message : error, vin: row.vin },
          'lost-customer callback not recorded; retrying next sweep',
        );
      }
    }
    if (scheduled > 0) this.logger.info({ scheduled }, 'lost-customer callbacks scheduled');
    return { scheduled, skipped };
  }

  /** Sweeps now, then every `intervalMs`, while this process holds the duty (always, without one). */
  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.duty?.release();
  }

  /**
   * The vehicle with its customer's name and phone as the dealer of the last visit recorded them, opened
   * for the command; undefined when they were erased (an erased customer is not called back).
   */
  private async vehicleOf(row: LapsedVehicleRow): Promise<LapsedVehicle | undefined> {
    const named = await this.reads.nameOf(row.customer_id, row.visit_dealer_id);
    if (named === undefined) return undefined;
    await this.vault?.load(sealedSubjectsIn([named.name, named.phone]));
    const open = (value: string): string => this.vault?.open(value) ?? value;
    const [name, phone] = [open(named.name), open(named.phone)];
    if (name === ERASED || phone === ERASED) return undefined;
    return {
      vin: row.vin,
      ...(row.plate !== null ? { plate: row.plate } : {}),
      ...(row.model !== null ? { model: row.model } : {}),
      dealerId: row.visit_dealer_id,
      ...(row.visit_region_id !== null ? { regionId: row.visit_region_id } : {}),
      lastVisitAt: row.last_visit_at,
      customer: { name, phone, ...(named.class !== null ? { class: named.class } : {}) },
    };
  }

  /** Runs the command unless already recorded; true when it recorded an event now. */
  private async once(command: ModuleCommand, actor: Actor, causationId?: string): Promise<boolean> {
    try {
      const outcome = await this.engine.executor.execute({
        ...command,
        actor,
        correlationId: command.commandId,
        ...(causationId !== undefined ? { causationId } : {}),
      });
      return !outcome.duplicate;
    } catch (error) {
      // The same lapse recorded before at another sweep's time: nothing to add.
      if (error instanceof IdempotencyKeyReusedError) return false;
      throw error;
    }
  }
}
