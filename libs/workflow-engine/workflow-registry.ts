import type { WorkflowDefinition } from '../kernel/index.js';

/**
 * Machines by case type and version. New cases start on the newest version; a running case keeps the
 * version pinned by its first event, and replay always uses the version that made each decision.
 */
export class WorkflowRegistry {
  private readonly byType = new Map<string, Map<number, WorkflowDefinition>>();

  constructor(definitions: readonly WorkflowDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: WorkflowDefinition): this {
    const versions = this.byType.get(definition.caseType) ?? new Map<number, WorkflowDefinition>();
    if (versions.has(definition.version)) {
      throw new Error(`Workflow ${definition.caseType} v${definition.version} is registered twice`);
    }
    const resources = new Set([...versions.values()].map((known) => known.resource));
    if (resources.size > 0 && !resources.has(definition.resource)) {
      throw new Error(`Workflow ${definition.caseType} v${definition.version} changes its resource name`);
    }
    versions.set(definition.version, definition);
    this.byType.set(definition.caseType, versions);
    return this;
  }

  caseTypes(): string[] {
    return [...this.byType.keys()];
  }

  has(caseType: string): boolean {
    return this.byType.has(caseType);
  }

  latest(caseType: string): WorkflowDefinition {
    const versions = this.versionsOf(caseType);
    return versions[versions.length - 1]!;
  }

  version(caseType: string, version: number): WorkflowDefinition {
    const definition = this.byType.get(caseType)?.get(version);
    if (definition === undefined) throw new Error(`No workflow ${caseType} v${version} is registered`);
    return definition;
  }

  versionsOf(caseType: string): WorkflowDefinition[] {
    const versions = this.byType.get(caseType);
    if (versions === undefined || versions.size === 0)
      throw new Error(`No workflow for case type ${caseType}`);
    return [...versions.values()].sort((a, b) => a.version - b.version);
  }

  all(): WorkflowDefinition[] {
    return this.caseTypes().flatMap((caseType) => this.versionsOf(caseType));
  }
}
