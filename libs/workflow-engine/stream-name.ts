/** `complaint-7f3c…`: one stream per case, named by case type and id. */
export function streamIdOf(caseType: string, caseId: string): string {
  return `${caseType}-${caseId}`;
}
