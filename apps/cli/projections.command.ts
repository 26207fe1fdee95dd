import { loadConfig } from '../../libs/config/index.js';
import { createLogger, openRuntime } from '../../libs/runtime/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';

/** Drops the named read models (all when none is named) and replays them from the log. */
export async function rebuildProjections(names: readonly string[]): Promise<string> {
  const config = loadConfig();
  const runtime = await openRuntime(config, {
    logger: createLogger('warn'),
    roles: { api: false, projector: 'required', command: 'cli projections rebuild' },
    workflows: loadRegisteredWorkflows(config.environment),
  });
  try {
    const started = performance.now();
    const rebuilt = await runtime.runner.rebuild(names.length > 0 ? names : undefined);
    // Shared read models (PostgreSQL) are only dropped by a rebuild: this process replays them now, and
    // the nodes holding them may join in (each batch is applied once, under its checkpoint row's lock).
    const applied = (typeof rebuilt === 'number' ? rebuilt : 0) + (await runtime.runner.catchUp());
    const seconds = (performance.now() - started) / 1000;
    return `Rebuilt ${names.length > 0 ? names.join(', ') : 'all read models'}: ${applied} events in ${seconds.toFixed(2)} s`;
  } finally {
    await runtime.close();
  }
}
