import type { Logger } from 'pino';
import type { WebhookOutbox } from '../integrations/index.js';
import type { LostCustomerSweep } from '../customers/index.js';
import type { WorkflowModule } from '../kernel/index.js';
import { EngineRuntime, type EngineRuntimeOptions } from './engine-runtime.js';
import type { RuntimePorts } from './ports.js';
import { runtimePorts } from './runtime-ports.js';
import type { SlaRuntimeParts } from './sla-runtime.js';

/** What configuration adds around the engine (see openRuntime). */
export interface RuntimeParts {
  /** The workflow modules this process runs (the registry holds their released versions). */
  readonly workflows: readonly WorkflowModule[];
  readonly sla: SlaRuntimeParts;
  /**
   * Webhook subscriptions and their outbox; delivering is started only where `projects` is true (and, on
   * PostgreSQL, goes on only while this node holds the `webhook-outbox` duty).
   */
  readonly integrations: WebhookOutbox;
  /** Whether this process feeds the read models for its life (holds the projector lock). */
  readonly projects: boolean;
  /**
   * Whether the background work includes the sweeps (SLA deadlines, lost customers). Each sweep records
   * a lapse once whoever else sweeps too, so this only saves work; PostgreSQL nodes take turns anyway.
   */
  readonly sweeps: boolean;
  readonly logger: Logger;
  /** The lost-customer sweep, built when background work starts; absent when turned off. */
  readonly lostCustomerSweep?: (runtime: EngineRuntime, logger: Logger) => LostCustomerSweep;
}

/**
 * The engine of one process with the workflows, the SLA clocks and the webhook outbox it was opened with;
 * closing it stops the background work, then closes the outbox with the store and the read models.
 */
export class Runtime extends EngineRuntime {
  readonly workflows: readonly WorkflowModule[];
  readonly sla: SlaRuntimeParts;
  readonly integrations: WebhookOutbox;
  readonly projects: boolean;
  readonly sweeps: boolean;
  /** What the runtime's callers use, one small port per job (see ports.ts). */
  readonly ports: RuntimePorts;
  private readonly logger: Logger;
  private readonly lostCustomers: RuntimeParts['lostCustomerSweep'];
  /** The lost-customer sweep once started (where the SLA sweeper runs). */
  lostCustomerSweep: LostCustomerSweep | undefined;

  constructor(options: EngineRuntimeOptions, parts: RuntimeParts) {
    super(options);
    this.workflows = parts.workflows;
    this.sla = parts.sla;
    this.integrations = parts.integrations;
    this.projects = parts.projects;
    this.sweeps = parts.sweeps;
    this.logger = parts.logger;
    this.lostCustomers = parts.lostCustomerSweep;
    this.ports = runtimePorts(this);
    // Stopped and closed before the store: its last delivery reads the log.
    this.onClose(async () => {
      await this.integrations.stop();
      await this.integrations.close();
    });
  }

  /**
   * The projector's duties, in the process that holds the projector lock: feed the read models, sweep
   * the SLA deadlines and lost customers (unless `sweeps` is off), anchor the log and deliver webhooks.
   */
  async startBackgroundWork(): Promise<void> {
    this.runner.start();
    if (this.sweeps) this.startSweeps();
    else this.logger.info('SWEEPS=false: this process leaves SLA and lost-customer sweeps to other nodes');
    await this.startAnchoring();
    this.integrations.start();
  }

  private startSweeps(): void {
    this.sla.startSweeper(this, this.logger);
    if (this.lostCustomers !== undefined && this.lostCustomerSweep === undefined) {
      const sweep = this.lostCustomers(this, this.logger);
      this.lostCustomerSweep = sweep;
      sweep.start(this.sla.sweepIntervalMs);
      this.onClose(() => sweep.stop());
    }
  }
}
