import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withGeneratedDocs, workflowDiagrams } from '../../apps/cli/diagrams.command.js';
import { defaultWorkflows } from '../../apps/api/src/engine/default-workflows.js';
import { loadConfig } from '../../apps/api/src/config/app-config.js';

describe('docs', () => {
  const registry = defaultWorkflows(loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32) }));
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
