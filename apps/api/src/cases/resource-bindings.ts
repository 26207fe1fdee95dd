import type { WorkflowModule } from '../../../../libs/kernel/index.js';
import type { ResourceBinding } from './resource-catalog.js';

/** The workflows exposed over HTTP, each with the schema validating each command's body. */
export function resourceBindingsOf(modules: readonly WorkflowModule[]): ResourceBinding[] {
  return modules.map((module) => ({
    resource: module.resource,
    caseType: module.caseType,
    createDto: module.commands.create,
    actionDtos: module.commands.actions,
    summary: module.summary,
    listFacets: module.versions[module.versions.length - 1]?.listFacets ?? {},
  }));
}
