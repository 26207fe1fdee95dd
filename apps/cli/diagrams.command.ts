import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  matrixTable,
  toMermaid,
  withDiagrams,
  withGeneratedBlocks,
  type WorkflowRegistry,
} from '../../libs/workflow-engine/index.js';

/** caseType → Mermaid diagram of the newest version of each workflow. */
export function workflowDiagrams(registry: WorkflowRegistry): Record<string, string> {
  return Object.fromEntries(
    registry.caseTypes().map((caseType) => [caseType, toMermaid(registry.latest(caseType))]),
  );
}

/** `matrix:<caseType>` → the authorization table generated from the newest machine of each workflow. */
export function authorizationTables(registry: WorkflowRegistry): Record<string, string> {
  return Object.fromEntries(
    registry.caseTypes().map((caseType) => [`matrix:${caseType}`, matrixTable(registry.latest(caseType))]),
  );
}

/** Every generated part of a docs page: diagrams and authorization tables. */
export function withGeneratedDocs(markdown: string, registry: WorkflowRegistry): string {
  return withGeneratedBlocks(
    withDiagrams(markdown, workflowDiagrams(registry)),
    authorizationTables(registry),
  );
}

/** Rewrites the generated diagram blocks in every docs/*.md page; returns the pages it changed. */
export function writeDiagrams(docsDir: string, registry: WorkflowRegistry): string[] {
  const changed: string[] = [];
  for (const file of readdirSync(docsDir).filter((name) => name.endsWith('.md'))) {
    const path = join(docsDir, file);
    const before = readFileSync(path, 'utf8');
    const after = withGeneratedDocs(before, registry);
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(file);
    }
  }
  return changed;
}
