import { loadConfig } from '../../libs/config/index.js';
import { createLogger, openRuntime } from '../../libs/runtime/index.js';
import { auditCsvHeader, auditCsvLine, exportAnchorLine, exportLine } from '../../libs/audit/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';
import { AuditQueries } from '../../libs/projections/audit-index.projection.js';
import { streamIdOf, verifyCase, verifyStore } from '../../libs/workflow-engine/index.js';

type Write = (text: string) => void;

/**
 * Read-only: runs beside a server on the same DATA_DIR. The read models are caught up here only when no
 * server or worker holds them (docs/operations.md); anchors are written only by that holder.
 */
const openReadOnly = (command: string) => {
  const config = loadConfig();
  return openRuntime(config, {
    logger: createLogger('warn'),
    roles: { api: false, projector: 'catch-up-if-free', command },
    workflows: loadRegisteredWorkflows(config.environment),
  });
};

/** `audit verify --all` | `audit verify --case <caseType> <caseId>`; returns the process exit code. */
export async function auditVerify(
  positional: readonly string[],
  options: Record<string, string>,
  write: Write,
): Promise<number> {
  const runtime = await openReadOnly('cli audit verify');
  try {
    if (options.all === 'true') {
      const walk = verifyStore(runtime.store, runtime.registry, {
        ...(runtime.anchors !== undefined ? { anchors: runtime.anchors } : {}),
      });
      for (;;) {
        const next = await walk.next();
        if (next.done) {
          write(`${JSON.stringify({ summary: next.value })}\n`);
          return next.value.casesWithProblems === 0 && next.value.log?.ok !== false ? 0 : 1;
        }
        if (!next.value.ok) write(`${JSON.stringify(next.value)}\n`);
      }
    }
    const [caseType, caseId] =
      options.case !== undefined ? [options.case, positional[0]] : [positional[0], positional[1]];
    if (!caseType || !caseId)
      throw new Error('Usage: audit verify --all | audit verify --case <caseType> <caseId>');
    const head = runtime.anchors?.head(streamIdOf(caseType, caseId));
    const report = verifyCase(runtime.registry, await runtime.repository.history(caseType, caseId), head);
    write(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok && report.events > 0 ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

/** `audit export [--case <id>] [--from ISO] [--to ISO] [--format jsonl|csv]` to standard output. */
export async function auditExport(options: Record<string, string>, write: Write): Promise<number> {
  const runtime = await openReadOnly('cli audit export');
  try {
    const rows = new AuditQueries(runtime.readModels).iterate({
      ...(options.case ? { caseId: options.case } : {}),
      ...(options.from ? { from: new Date(options.from).toISOString() } : {}),
      ...(options.to ? { to: new Date(options.to).toISOString() } : {}),
    });
    if (options.format === 'csv') {
      write(auditCsvHeader());
      for (const row of rows) write(auditCsvLine(row));
      return 0;
    }
    const filtered = options.from !== undefined || options.to !== undefined;
    write(
      exportAnchorLine(runtime.anchors, runtime.readModels, {
        ...(options.case ? { caseId: options.case } : {}),
        coverage: filtered ? 'events' : options.case ? 'case' : 'log',
        maySee: () => true,
      }),
    );
    for (const row of rows) {
      const [event] = await runtime.store.readStream(`${row.case_type}-${row.case_id}`, {
        fromRevision: row.revision,
        toRevision: row.revision,
      });
      if (event !== undefined) write(exportLine(event));
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
