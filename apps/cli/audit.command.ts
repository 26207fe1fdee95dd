import { DAY_OR_INSTANT_FORM, isDayOrInstant } from '../../libs/command-schema/index.js';
import { loadConfig } from '../../libs/config/index.js';
import { createLogger, openRuntime } from '../../libs/runtime/index.js';
import {
  csvExport,
  exportAnchorAt,
  exportCoverage,
  jsonLinesExport,
  storeVerificationLines,
  verificationPassed,
  verifyOneCase,
} from '../../libs/audit/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';

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
      const { attachments } = runtime;
      const lines = storeVerificationLines(runtime.store, runtime.registry, {
        ...(runtime.anchors !== undefined ? { anchors: runtime.anchors } : {}),
        // The blobs of every attachment record, as the HTTP verification checks them.
        ...(attachments !== undefined
          ? { contentProblems: (events) => attachments.blobProblems(events) }
          : {}),
      });
      for (;;) {
        const next = await lines.next();
        if (next.done) return verificationPassed(next.value) ? 0 : 1;
        write(next.value);
      }
    }
    const [caseType, caseId] =
      options.case !== undefined ? [options.case, positional[0]] : [positional[0], positional[1]];
    if (!caseType || !caseId)
      throw new Error('Usage: audit verify --all | audit verify --case <caseType> <caseId>');
    const { registry, anchors, repository, attachments } = runtime;
    const report = await verifyOneCase(
      {
        registry,
        anchors,
        history: (type, id) => repository.history(type, id),
        ...(attachments !== undefined
          ? { attachments: (id, anchored) => attachments.verify(registry, id, anchored) }
          : {}),
      },
      caseType,
      caseId,
    );
    write(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok && report.events > 0 ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

/**
 * A period bound read as the HTTP query reads it (libs/command-schema): `new Date` alone turns 2026-02-30
 * into 2 March and 2026-W01 into an exception without the option's name, so neither reaches a query.
 */
function periodBound(option: 'from' | 'to', value: string): string {
  if (!isDayOrInstant(value)) throw new Error(`--${option} must be ${DAY_OR_INSTANT_FORM}, not ${value}`);
  return new Date(value).toISOString();
}

/** `audit export [--case <id>] [--from ISO] [--to ISO] [--format jsonl|csv]` to standard output. */
export async function auditExport(options: Record<string, string>, write: Write): Promise<number> {
  const from = options.from ? periodBound('from', options.from) : undefined;
  const to = options.to ? periodBound('to', options.to) : undefined;
  const runtime = await openReadOnly('cli audit export');
  try {
    const rows = runtime.queries.auditRows({
      ...(options.case ? { caseId: options.case } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    if (options.format === 'csv') {
      for await (const line of csvExport(rows, { byteOrderMark: false })) write(line);
      return 0;
    }
    const anchor = exportAnchorAt(runtime.anchors, await runtime.queries.auditIndexPosition(), {
      ...(options.case ? { caseId: options.case } : {}),
      coverage: exportCoverage({
        ...(options.case ? { caseId: options.case } : {}),
        picksEvents: options.from !== undefined || options.to !== undefined,
        leavesOutStreams: false,
      }),
      maySee: () => true,
    });
    for await (const line of jsonLinesExport(runtime.store, anchor, rows)) write(line);
    return 0;
  } finally {
    await runtime.close();
  }
}
