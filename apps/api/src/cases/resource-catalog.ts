import type { ListFacets } from '../../../../libs/kernel/index.js';
/** How a workflow is exposed over HTTP: its resource path and the DTO validating each action's body. */
export interface ResourceBinding {
  readonly resource: string;
  readonly caseType: string;
  readonly createDto: new () => object;
  /** Every action reachable over HTTP; actions missing here (e.g. record-breach) are engine-only. */
  readonly actionDtos: Readonly<Record<string, new () => object>>;
  /** One-line summary for the OpenAPI document. */
  readonly summary: string;
  /** What the list filters by beyond state, scope and time (the newest version's `listFacets`). */
  readonly listFacets?: ListFacets;
}

export class ResourceCatalog {
  private readonly byResource = new Map<string, ResourceBinding>();
  private readonly byCaseType = new Map<string, ResourceBinding>();

  constructor(bindings: readonly ResourceBinding[]) {
    for (const binding of bindings) {
      this.byResource.set(binding.resource, binding);
      this.byCaseType.set(binding.caseType, binding);
    }
  }

  resource(resource: string): ResourceBinding | undefined {
    return this.byResource.get(resource);
  }

  caseType(caseType: string): ResourceBinding | undefined {
    return this.byCaseType.get(caseType);
  }

  all(): ResourceBinding[] {
    return [...this.byResource.values()];
  }
}

export const RESOURCE_CATALOG = Symbol('ResourceCatalog');
