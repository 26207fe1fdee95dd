import { jsonLinesExport, exportAnchorAt, storeVerificationLines, verifyOneCase } from '../audit/index.js';
import { PostgresEventStore, SqliteEventStore } from '../event-store/index.js';
import { ForbiddenError, type Actor } from '../kernel/index.js';
import { reportDefinition } from '../reports/index.js';
import type { EngineRuntime } from './engine-runtime.js';
import type { CaseAttachmentsPort, CustomerRecords, PersonalDataErasure, RuntimePorts } from './ports.js';
import { seesPersonalData } from '../auth/index.js';
import type { CustomerRecord } from '../customers/index.js';

/**
 * The ports over one runtime's parts. Each is a small object of its own, so a caller holding one cannot
 * reach the runtime behind it. Writes that feed the read models wake the projections as they return.
 */
export function runtimePorts(runtime: EngineRuntime): RuntimePorts {
  const { store, registry, clock, repository, runner, queries, anchors, delegations, attachments } = runtime;
  const wakingAfter =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await write(...args);
      runner.wake();
      return result;
    };
  let answered = 0;
  return {
    commands: { execute: wakingAfter((command) => runtime.engine.execute(command)) },
    progress: {
      get position() {
        return runner.position;
      },
      get answered() {
        return answered;
      },
      noteAnswered: (position) => {
        if (position > answered) answered = position;
      },
      waitFor: (position, timeoutMs) => runner.waitForPosition(position, timeoutMs),
    },
    cases: {
      load: (caseType, caseId) => repository.load(caseType, caseId),
      cached: (caseType, caseId) => repository.cached(caseType, caseId),
      loadAsOf: (caseType, caseId, asOf) => repository.loadAsOf(caseType, caseId, asOf),
      history: (caseType, caseId) => repository.history(caseType, caseId),
    },
    caseLists: queries.caseLists,
    disclosure: {
      loadKeysToDisclose: (...values) => runtime.loadKeysToDisclose(...values),
      present: (caseType, owner, data, viewer) => runtime.disclosure.present(caseType, owner, data, viewer),
    },
    customers: customerRecordsOf(runtime),
    deadlines: queries.deadlines,
    reports: {
      run: async (name, query) => {
        const definition = reportDefinition(name);
        return definition === undefined ? undefined : queries.runReport(definition, query);
      },
    },
    audit: {
      page: (filter) => queries.auditPage(filter),
      rows: (filter) => queries.auditRows(filter),
      exportAnchor: async (request) => exportAnchorAt(anchors, await queries.auditIndexPosition(), request),
      jsonLines: (anchor, rows) => jsonLinesExport(store, anchor, rows),
      verifyStore: (inScope) =>
        storeVerificationLines(store, registry, {
          ...(anchors !== undefined ? { anchors } : {}),
          ...(inScope !== undefined ? { inScope } : {}),
          ...(attachments !== undefined
            ? { contentProblems: (events) => attachments.blobProblems(events) }
            : {}),
        }),
      verifyCase: (caseType, caseId) =>
        verifyOneCase(
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
        ),
    },
    logHead: { headPosition: () => store.headPosition() },
    health: {
      storeName: store.name,
      ping: () => store.ping(),
      headPosition: () => store.headPosition(),
      get projectedPosition() {
        return runner.position;
      },
      caseSnapshots: repository.snapshotCounts,
      commits: () =>
        store instanceof SqliteEventStore || store instanceof PostgresEventStore
          ? store.commitStats()
          : undefined,
      walCheckpoints: () => runtime.checkpointer?.state(),
    },
    erasure: erasureOf(runtime),
    attachments: attachmentsOf(runtime, wakingAfter),
    delegations: {
      declare: wakingAfter((delegator, request) => delegations.declare(delegator, request)),
      revoke: wakingAfter((delegator, id, request) => delegations.revoke(delegator, id, request)),
      find: (viewer, id) => delegations.find(viewer, id),
      list: (viewer, limit) => delegations.list(viewer, limit),
      actingForNow: (viewer, owner, at) => delegations.actingForNow(viewer, owner, at),
      openTo: (viewer, at) => delegations.openTo(viewer, at),
    },
    clock,
    registry,
  };
}

/** Name and phone of a record are personal data: opened, then masked unless the reader deals with its customer. */
const RECORD_PERSONAL_DATA = [['name'], ['phone']] as const;

function customerRecordsOf(runtime: EngineRuntime): CustomerRecords {
  const present = async (records: CustomerRecord[], viewer: Actor): Promise<CustomerRecord[]> => {
    await runtime.loadKeysToDisclose(records);
    return records.map((record) =>
      runtime.disclosure.presentAt(record.owner, record, RECORD_PERSONAL_DATA, viewer),
    );
  };
  return {
    find: async (actor, query) => {
      const found = await runtime.queries.findCustomers(actor, query);
      // A number must not tell a reader who sees it masked whose number it is.
      const shown =
        query.phone !== undefined ? found.filter((record) => seesPersonalData(actor, record.owner)) : found;
      return present(shown, actor);
    },
    get: async (actor, customerId) => {
      const record = await runtime.queries.customer(actor, customerId);
      return record === undefined ? undefined : (await present([record], actor))[0];
    },
  };
}

function erasureOf(runtime: EngineRuntime): PersonalDataErasure {
  const eraser = runtime.eraser;
  if (eraser === undefined) {
    // Without a vault nothing is sealed, so there is no key to destroy and no erasure recorded.
    return {
      erase: () => Promise.reject(new ForbiddenError('This deployment seals no personal data')),
      recordOf: () => Promise.resolve(undefined),
    };
  }
  return {
    erase: (request) => eraser.erase(request),
    recordOf: (caseId) => eraser.recordOf(caseId),
  };
}

function attachmentsOf(
  runtime: EngineRuntime,
  wakingAfter: <A extends unknown[], R>(write: (...args: A) => Promise<R>) => (...args: A) => Promise<R>,
): CaseAttachmentsPort {
  const attachments = runtime.attachments;
  if (attachments === undefined) {
    // Attachments are sealed under the case key: without a vault there is nothing to seal them with.
    const refused = () => Promise.reject(new ForbiddenError('This deployment keeps no attachments'));
    return { rules: { maxBytes: 0, mediaTypes: [] }, add: refused, list: refused, open: refused };
  }
  return {
    rules: attachments.rules,
    add: wakingAfter((request: Parameters<CaseAttachmentsPort['add']>[0]) => attachments.add(request)),
    list: (caseId) => attachments.list(caseId),
    open: (caseId, digest) => attachments.open(caseId, digest),
  };
}
