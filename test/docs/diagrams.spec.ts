import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { workflowDiagrams } from '../../apps/cli/diagrams.command.js';
import { defaultWorkflows } from '../../apps/api/src/engine/default-workflows.js';
import { loadConfig } from '../../apps/api/src/config/app-config.js';
import { withDiagrams } from '../../libs/workflow-engine/index.js';

describe('docs', () => {
  const diagrams = workflowDiagrams(defaultWorkflows(loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32) })));

  it.each(readdirSync('docs').filter((name) => name.endsWith('.md')))(
    '%s shows the diagrams the machines generate (run `npm run cli -- docs` after changing a machine)',
    (file) => {
      const markdown = readFileSync(join('docs', file), 'utf8');
      expect(withDiagrams(markdown, diagrams)).toBe(markdown);
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
