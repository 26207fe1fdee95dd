import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one API process. */
export class EngineMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'projection_lag_events',
    help: 'Events in the global log not yet applied to every read model',
    registers: [this.registry],
  });
  readonly deadlines = new Gauge({
    name: 'sla_deadlines',
    help: 'SLA deadlines by status (pending, warning, breached)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly writerThread = new Gauge({
    name: 'event_store_writer_thread',
    help: '1 while the SQLite writer thread runs the group commits; 0 when they run on the event loop',
    registers: [this.registry],
  });
  readonly commitGroups = new Gauge({
    name: 'event_store_commit_groups',
    help: 'Group commits of the event store (SQLite or PostgreSQL) by this process since it started',
    registers: [this.registry],
  });
  readonly committedAppends = new Gauge({
    name: 'event_store_committed_appends',
    help: 'Appends committed (or refused) through group commits since the process started',
    registers: [this.registry],
  });

  readonly walCheckpointThread = new Gauge({
    name: 'wal_checkpoint_thread',
    help: "1 while a thread checkpoints the read models' and the vault's WAL; 0 when their commits do",
    registers: [this.registry],
  });
  readonly walPages = new Gauge({
    name: 'wal_pages',
    help: "Pages in the WAL of the read models and of the vault, as the checkpoint thread's latest round left it",
    labelNames: ['file'] as const,
    registers: [this.registry],
  });
  readonly walUncopiedPages = new Gauge({
    name: 'wal_uncopied_pages',
    help: 'Pages of that WAL the latest round could not copy into the file because a reader still used them',
    labelNames: ['file'] as const,
    registers: [this.registry],
  });
  readonly walHandovers = new Gauge({
    name: 'wal_handovers',
    help: "Times since start this process copied a long WAL's last pages itself so that its next commit started the log over",
    labelNames: ['file'] as const,
    registers: [this.registry],
  });

  readonly caseSnapshots = new Gauge({
    name: 'case_snapshots',
    help: 'Case snapshots since the process started: used by cold loads and as-of views, saved, discarded as no longer matching the log, failed reads or writes',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookLag = new Gauge({
    name: 'webhook_delivery_lag_events',
    help: 'Events in the log after the last one a subscription has had delivered (or dead-lettered) in order',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });
  readonly webhookFailures = new Gauge({
    name: 'webhook_delivery_failures',
    help: 'Failed delivery attempts of a subscription (errors, timeouts, non-2xx answers) since it was created',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Gauge({
    name: 'webhook_deliveries',
    help: 'Deliveries of a subscription: delivered (since created), pending (in the outbox), dead (dead letters)',
    labelNames: ['subscription', 'status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
