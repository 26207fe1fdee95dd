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
    const applied = await runtime.runner.rebuild(names.length > 0 ? names : undefined);
    const seconds = (performance.now() - started) / 1000;
    return `Rebuilt ${names.length > 0 ? names.join(', ') : 'all read models'}: ${applied} events in ${seconds.toFixed(2)} s`;
  } finally {
    await runtime.close();
  }
}
