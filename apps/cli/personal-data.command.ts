import { userInfo } from 'node:os';
import { loadConfig } from '../../libs/config/index.js';
import { releasedDefinitions, systemClock } from '../../libs/kernel/index.js';
import {
  CaseRepository,
  legacyFingerprints,
  PersonalDataAlreadyErasedError,
  PersonalDataEraser,
  WorkflowRegistry,
} from '../../libs/workflow-engine/index.js';
import { importSqliteVaultKeys } from '../../libs/personal-data/index.js';
import { openEventStore, openPersonalDataVault } from '../../libs/runtime/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';

type Write = (text: string) => void;

export const PERSONAL_DATA_USAGE = `  personal-data erase --case <caseId> --reason <text> [--by <id>]
                                    record who and why, then destroy the key sealing the case's personal data
  personal-data legacy-fingerprints [--erased]
                                    list events whose fingerprint predates keyed fingerprints (JSON lines)
  personal-data import-keys --from <personal-data.sqlite>
                                    copy a SQLite vault's keys into the PostgreSQL store (moving to it)`;

/**
 * The store, the workflows and the vault (of DATA_DIR, or of the PostgreSQL database), without read models or projections: erasing and
 * listing need neither, and a running server keeps feeding its own.
 */
async function openParts() {
  const config = loadConfig();
  const store = await openEventStore(config, systemClock);
  const registry = new WorkflowRegistry(releasedDefinitions(loadRegisteredWorkflows(config.environment)));
  const vault = await openPersonalDataVault(config, { warn: (_object, message) => console.error(message) });
  const close = async (): Promise<void> => {
    await store.close();
    await vault.close();
  };
  return { store, registry, vault, close };
}

/** `personal-data erase`: the same erasure as the API's, by the operator named in `--by`. */
export async function erasePersonalData(options: Record<string, string>, write: Write): Promise<number> {
  const caseId = options.case;
  const reason = options.reason;
  if (!caseId || caseId === 'true' || !reason || reason === 'true') throw new Error(PERSONAL_DATA_USAGE);
  const { store, registry, vault, close } = await openParts();
  try {
    const eraser = new PersonalDataEraser(
      store,
      registry,
      new CaseRepository(store, registry, 16),
      vault,
      systemClock,
    );
    const by = options.by && options.by !== 'true' ? options.by : `cli:${userInfo().username}`;
    const record = await eraser.erase({ caseId, actor: { id: by, roles: ['privacy_officer'] }, reason });
    write(`${JSON.stringify(record)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PersonalDataAlreadyErasedError)) throw error;
    write(`${JSON.stringify({ alreadyErased: error.record })}\n`);
    return 1;
  } finally {
    await close();
  }
}

/** `personal-data legacy-fingerprints [--erased]`: one JSON line per event, then a summary. */
export async function listLegacyFingerprints(options: Record<string, string>, write: Write): Promise<number> {
  const { store, registry, vault, close } = await openParts();
  try {
    let events = 0;
    let ofErasedCases = 0;
    for await (const found of legacyFingerprints(store, registry, vault)) {
      if (found.erased) ofErasedCases += 1;
      if (options.erased === 'true' && !found.erased) continue;
      events += 1;
      write(`${JSON.stringify(found)}\n`);
    }
    write(`${JSON.stringify({ summary: { listed: events, ofErasedCases } })}\n`);
    return 0;
  } finally {
    await close();
  }
}

/**
 * `personal-data import-keys --from FILE`: the keys of a SQLite vault into the PostgreSQL store, after a
 * move (docs/operations.md "Moving a store from SQLite to PostgreSQL"). One JSON summary line.
 */
export async function importPersonalDataKeys(options: Record<string, string>, write: Write): Promise<number> {
  const config = loadConfig();
  if (config.eventStore !== 'postgres')
    throw new Error(
      'personal-data import-keys writes into a PostgreSQL store: set EVENT_STORE=postgres and DATABASE_URL',
    );
  if (!options.from || options.from === 'true') throw new Error(PERSONAL_DATA_USAGE);
  const report = await importSqliteVaultKeys(config.databaseUrl!, options.from);
  write(`${JSON.stringify({ summary: report })}\n`);
  return 0;
}
