import { join } from 'node:path';
import { FileBlobStore, type AttachmentBlobStore } from '../attachments/index.js';
import type { AppConfig } from '../config/index.js';
import { ConfigurationError, type RequiredDocuments, type WorkflowModule } from '../kernel/index.js';

/**
 * Where attachment blobs live, by EVENT_STORE: in the PostgreSQL database every node shares, otherwise
 * in `DATA_DIR/attachments/` beside the process (docs/console.md "Attachments").
 */
export async function openAttachmentBlobs(config: AppConfig): Promise<AttachmentBlobStore> {
  if (config.eventStore === 'postgres') {
    // Loaded only when chosen, as the store is: the embedded default never needs the PostgreSQL client.
    const { PostgresBlobStore } = await import('../attachments/index.js');
    return new PostgresBlobStore({ connectionString: config.databaseUrl! });
  }
  return new FileBlobStore(join(config.dataDir, 'attachments'));
}

/**
 * Each module's required documents by case type. An action a module does not have stops the start, as
 * a bad setting does: a typo would otherwise require nothing, silently.
 */
export function requiredDocumentsOf(workflows: readonly WorkflowModule[]): Map<string, RequiredDocuments> {
  const problems: string[] = [];
  const required = new Map<string, RequiredDocuments>();
  for (const module of workflows) {
    if (module.requiredDocuments === undefined) continue;
    const actions = new Set(module.versions.flatMap((version) => Object.keys(version.actions)));
    for (const action of Object.keys(module.requiredDocuments.actions)) {
      if (!actions.has(action))
        problems.push(`${module.caseType}: requiredDocuments names '${action}', which no version has`);
    }
    required.set(module.caseType, module.requiredDocuments);
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return required;
}
