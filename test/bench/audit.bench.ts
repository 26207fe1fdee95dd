import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store.js';
import { FixedClock } from '../../libs/kernel/index.js';
import { actorAs } from '../../libs/testing/actors.js';
import {
  CaseRepository,
  verifyStore,
  WorkflowEngine,
  WorkflowRegistry,
} from '../../libs/workflow-engine/index.js';
import { complaintWorkflowV1, complaintWorkflowV2 } from '../../workflows/complaint/complaint.workflow.js';
import { complaintWorkflowV3 } from '../../workflows/complaint/v3/complaint.workflow.js';
import { AuditAnchorFile } from '../../libs/audit-anchor/anchor-file.js';
import { AuditAnchorWriter } from '../../libs/audit-anchor/anchor-writer.js';
import { percentile, type Row } from './bench-row.js';

/**
 * Store-wide verification rate and the time of one as-of view of a 100-event complaint, on complaint v3
 * (the version new complaints start on).
 */
export async function benchAudit(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const registry = new WorkflowRegistry([complaintWorkflowV1, complaintWorkflowV2, complaintWorkflowV3]);
  const clock = new FixedClock('2026-01-05T08:00:00.000Z');
  const engine = new WorkflowEngine(store, registry, new CaseRepository(store, registry), clock);
  const cs = actorAs('customer_service');
  const sm = actorAs('service_manager');
  const intake = {
    channel: 'phone',
    category: 'delay',
    severity: 'normal',
    customer: { name: '李', phone: '13800138000', class: 'B', sensitive: [] },
    vehicle: { vin: 'LSVAU2180N2183294' },
    description: 'bench',
  };
  const rows: Row[] = [];
  try {
    for (let index = 0; index < 3000; index++) {
      const { caseId } = await engine.execute({
        caseType: 'complaint',
        action: 'create',
        data: intake,
        actor: cs,
      });
      await engine.execute({
        caseType: 'complaint',
        caseId,
        action: 'verify',
        data: { findings: 'f', problemClass: 'other', judgement: 'dissatisfaction' },
        actor: cs,
      });
      await engine.execute({
        caseType: 'complaint',
        caseId,
        action: 'escalate',
        data: { reason: 'r' },
        actor: cs,
      });
    }
    // One long case: 100 events (reopen cycles).
    const { caseId: longId } = await engine.execute({
      caseType: 'complaint',
      action: 'create',
      data: intake,
      actor: cs,
    });
    await engine.execute({
      caseType: 'complaint',
      caseId: longId,
      action: 'verify',
      data: { findings: 'f', problemClass: 'other', judgement: 'dissatisfaction' },
      actor: cs,
    });
    let count = 2;
    const run = async (action: string, data: Record<string, unknown>, actor = cs) => {
      clock.advance(60_000);
      await engine.execute({ caseType: 'complaint', caseId: longId, action, data, actor });
      count += 1;
    };
    let midpoint = '';
    const sa = actorAs('service_advisor');
    while (count < 100) {
      await run(
        'propose-resolution',
        { cause: 'c', plan: 'p', costHandling: { payer: 'dealer', amountCents: 0 } },
        sm,
      );
      await run('record-customer-reply', { decision: 'accepted' }, sa);
      await run('receive-repair-order', { internalOrderRef: 'IRO-1' }, sa);
      await run('report-feedback', { result: 'r' }, sa);
      await run('confirm-satisfaction', { satisfied: true });
      await run('record-follow-up', { satisfaction: 'satisfied' });
      await run('close', { rootCause: 'rc', preventiveAction: 'pa' });
      await run('reopen', { reason: 'again' });
      if (count > 50 && midpoint === '') midpoint = clock.now().toISOString();
    }
    const repository = new CaseRepository(store, registry, 0);
    const samples: number[] = [];
    for (let round = 0; round < 200; round++) {
      const started = performance.now();
      await repository.loadAsOf('complaint', longId, new Date(midpoint));
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    rows.push({
      name: `as-of view of a ${count}-event case`,
      value: percentile(samples, 50),
      unit: 'ms p50',
      note: `p99 ${percentile(samples, 99).toFixed(2)} ms (read + fold)`,
    });

    // Anchoring the whole log from scratch (a new anchor file over an existing log: the worst case; a
    // steady-state round reads only the events of one interval).
    const anchors = new AuditAnchorFile(join(dir, 'audit-anchors.sqlite'));
    const anchoring = performance.now();
    const anchor = await new AuditAnchorWriter(store, anchors, clock, { intervalMs: 60_000 }).anchorNow();
    const anchoringSeconds = (performance.now() - anchoring) / 1000;
    rows.push({
      name: 'audit anchoring',
      value: (anchor?.events ?? 0) / anchoringSeconds,
      unit: 'events/s',
      note: `${anchor?.events} events anchored from scratch in ${(anchoringSeconds * 1000).toFixed(0)} ms (store-wide chain + stream heads)`,
    });
    const anchoredWalk = performance.now();
    const withAnchors = verifyStore(store, registry, { anchors });
    let anchoredSummary;
    for (;;) {
      const next = await withAnchors.next();
      if (next.done) {
        anchoredSummary = next.value;
        break;
      }
    }
    const anchoredSeconds = (performance.now() - anchoredWalk) / 1000;
    rows.push({
      name: 'store-wide verification with anchors',
      value: anchoredSummary.events / anchoredSeconds,
      unit: 'events/s',
      note: `log ${anchoredSummary.log?.ok ? 'ok' : 'NOT ok'}; also every stream against its anchored head`,
    });
    anchors.close();

    const started = performance.now();
    const walk = verifyStore(store, registry);
    let summary;
    for (;;) {
      const next = await walk.next();
      if (next.done) {
        summary = next.value;
        break;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    rows.push({
      name: 'store-wide verification',
      value: summary.events / seconds,
      unit: 'events/s',
      note: `${summary.cases} cases, ${summary.events} events, ${summary.casesWithProblems} with problems; hash chain + re-decision`,
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
