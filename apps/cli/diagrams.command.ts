import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toMermaid, withDiagrams, type WorkflowRegistry } from '../../libs/workflow-engine/index.js';

/** caseType → Mermaid diagram of the newest version of each workflow. */
export function workflowDiagrams(registry: WorkflowRegistry): Record<string, string> {
  return Object.fromEntries(
    registry.caseTypes().map((caseType) => [caseType, toMermaid(registry.latest(caseType))]),
  );
}

/** Rewrites the generated diagram blocks in every docs/*.md page; returns the pages it changed. */
export function writeDiagrams(docsDir: string, registry: WorkflowRegistry): string[] {
  const diagrams = workflowDiagrams(registry);
  const changed: string[] = [];
  for (const file of readdirSync(docsDir).filter((name) => name.endsWith('.md'))) {
    const path = join(docsDir, file);
    const before = readFileSync(path, 'utf8');
    const after = withDiagrams(before, diagrams);
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(file);
    }
  }
  return changed;
}
