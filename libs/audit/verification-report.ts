import type { RecordedEvent } from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import {
  attachmentStreamOf,
  streamIdOf,
  verifyCase,
  verifyStore,
  type AnchorSource,
  type StoreVerificationOptions,
  type AnchoredStreamHead,
  type StoreVerificationSummary,
  type VerificationProblem,
  type VerificationReport,
  type WorkflowRegistry,
} from '../workflow-engine/index.js';

/**
 * A verification of the store as JSON Lines: one line per case with problems, then `{"summary": …}`.
 * The generator's return value is the summary, for an exit code.
 */
export async function* storeVerificationLines(
  store: EventStore,
  registry: WorkflowRegistry,
  options: StoreVerificationOptions = {},
): AsyncGenerator<string, StoreVerificationSummary> {
  const walk = verifyStore(store, registry, options);
  for (;;) {
    const next = await walk.next();
    if (next.done) {
      yield `${JSON.stringify({ summary: next.value })}\n`;
      return next.value;
    }
    if (!next.value.ok) yield `${JSON.stringify(next.value)}\n`;
  }
}

/** No case with a problem, and the log (when checked) matches its latest anchor. */
export function verificationPassed(summary: StoreVerificationSummary): boolean {
  return summary.casesWithProblems === 0 && summary.log?.ok !== false;
}

/** Where one case's verification reads from. */
export interface CaseVerificationSource {
  readonly registry: WorkflowRegistry;
  readonly anchors?: AnchorSource | undefined;
  history(caseType: string, caseId: string): Promise<RecordedEvent[]>;
  /** The case's attachment record and the blobs it names (CaseAttachments.verify); absent: none kept. */
  attachments?(
    caseId: string,
    anchored?: AnchoredStreamHead,
  ): Promise<{ attachments: number; problems: VerificationProblem[] }>;
}

/** One case: hash chain recomputed, every event re-decided, and the stream against its anchored head. */
export async function verifyOneCase(
  source: CaseVerificationSource,
  caseType: string,
  caseId: string,
): Promise<VerificationReport> {
  // The head before the events: the anchor never names an event the read that follows cannot see.
  const head = source.anchors?.head(streamIdOf(caseType, caseId));
  const attachmentsHead = source.anchors?.head(attachmentStreamOf(caseId));
  const events = await source.history(caseType, caseId);
  const report = verifyCase(source.registry, events, head);
  if (source.attachments === undefined) return report;
  const attached = await source.attachments(caseId, attachmentsHead);
  const problems = [...report.problems, ...attached.problems];
  return { ok: problems.length === 0, events: report.events, attachments: attached.attachments, problems };
}
