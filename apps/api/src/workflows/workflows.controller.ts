import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Role, WorkflowDefinition } from '../../../../libs/kernel/index.js';
import { machineGraph, toMermaid, type WorkflowRegistry } from '../../../../libs/workflow-engine/index.js';
import { WORKFLOW_REGISTRY } from '../engine/tokens.js';

export interface WorkflowDescription {
  readonly caseType: string;
  readonly resource: string;
  readonly version: number;
  readonly latest: boolean;
  readonly states: readonly string[];
  readonly finalStates: readonly string[];
  readonly create: { readonly roles: readonly Role[]; readonly description: string };
  readonly actions: readonly { name: string; roles: readonly Role[]; description: string }[];
  readonly approvalChain: readonly Role[];
  /** Mermaid `stateDiagram-v2`, generated from the machine (the same text as in the docs). */
  readonly diagram: string;
}

/**
 * What each registered machine version looks like, so a console can draw a case on its own machine
 * version's diagram and label actions without keeping a second copy of the workflows.
 */
@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/v1/workflows')
export class WorkflowsController {
  private readonly described: readonly WorkflowDescription[];

  constructor(@Inject(WORKFLOW_REGISTRY) registry: WorkflowRegistry) {
    this.described = registry
      .all()
      .map((definition) => describe(definition, registry.latest(definition.caseType).version));
  }

  @Get()
  @ApiOperation({
    summary: 'Every workflow version: states, actions with their roles, approval chain, diagram',
  })
  list(): { items: readonly WorkflowDescription[] } {
    return { items: this.described };
  }
}

function describe(definition: WorkflowDefinition, latestVersion: number): WorkflowDescription {
  const { initial, states } = machineGraph(definition.machine);
  return {
    caseType: definition.caseType,
    resource: definition.resource,
    version: definition.version,
    latest: definition.version === latestVersion,
    states: states.map((state) => state.key).filter((state) => state !== initial),
    finalStates: definition.finalStates,
    create: { roles: definition.create.roles, description: definition.create.description },
    actions: Object.entries(definition.actions).map(([name, action]) => ({
      name,
      roles: action.roles,
      description: action.description,
    })),
    approvalChain: definition.approvalChain ?? [],
    diagram: toMermaid(definition),
  };
}
