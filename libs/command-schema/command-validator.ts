import type { CommandSchema, WorkflowModule } from '../kernel/index.js';
import { validatePayload } from './validate-payload.js';

/** The create action's name in a module's schemas and in every command. */
const CREATE = 'create';

/**
 * Validates a command's payload with the schema its workflow module declares for it, so every entry
 * point (HTTP, CLI, integrations) records only payloads the schema allows and machines never coerce.
 * Actions without a schema are the engine's own (a breach the sweeper records): their payload passes as is.
 */
export class CommandPayloadValidator {
  private readonly schemas = new Map<string, CommandSchema>();

  constructor(modules: readonly WorkflowModule[]) {
    for (const module of modules) {
      this.schemas.set(`${module.caseType}\u0000${CREATE}`, module.commands.create);
      for (const [action, schema] of Object.entries(module.commands.actions))
        this.schemas.set(`${module.caseType}\u0000${action}`, schema);
    }
  }

  async validate(caseType: string, action: string, data: unknown): Promise<Record<string, unknown>> {
    const schema = this.schemas.get(`${caseType}\u0000${action}`);
    return schema === undefined ? (data as Record<string, unknown>) : validatePayload(schema, data);
  }
}
