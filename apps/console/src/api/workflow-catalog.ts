import type { WorkflowDescription } from './types';

/** Every registered machine version, as `GET /api/v1/workflows` describes them. */
export class WorkflowCatalog {
  constructor(readonly workflows: readonly WorkflowDescription[]) {}

  latest(): WorkflowDescription[] {
    return this.workflows.filter((workflow) => workflow.latest);
  }

  /** The machine version a case was started on: its diagram is the one to draw it on. */
  of(caseType: string, version?: number): WorkflowDescription | undefined {
    return (
      this.workflows.find((workflow) => workflow.caseType === caseType && workflow.version === version) ??
      this.workflows.find((workflow) => workflow.caseType === caseType && workflow.latest)
    );
  }

  resourceOf(caseType: string): string {
    return this.of(caseType)?.resource ?? caseType;
  }

  byResource(resource: string): WorkflowDescription | undefined {
    return this.workflows.find((workflow) => workflow.resource === resource && workflow.latest);
  }

  /** Case types the caller may open (their roles appear on the create). */
  creatableBy(roles: readonly string[]): WorkflowDescription[] {
    return this.latest().filter((workflow) => workflow.create.roles.some((role) => roles.includes(role)));
  }
}
