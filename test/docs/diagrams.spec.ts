import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withGeneratedDocs, workflowDiagrams } from '../../apps/cli/diagrams.command.js';
import { registeredWorkflowRegistry } from '../fixtures/registered-workflow-registry.js';

describe('docs', () => {
  const registry = registeredWorkflowRegistry();
  const diagrams = workflowDiagrams(registry);

  it.each(readdirSync('docs').filter((name) => name.endsWith('.md')))(
    '%s shows the diagrams the machines generate (run `npm run cli -- docs` after changing a machine)',
    (file) => {
      const markdown = readFileSync(join('docs', file), 'utf8');
      expect(withGeneratedDocs(markdown, registry)).toBe(markdown);
    },
  );

  it('has a diagram block for every workflow', () => {
    const all = readdirSync('docs')
      .filter((name) => name.endsWith('.md'))
      .map((name) => readFileSync(join('docs', name), 'utf8'))
      .join('\n');
    for (const caseType of Object.keys(diagrams)) expect(all).toContain(`<!-- diagram:${caseType}:start -->`);
  });
});
