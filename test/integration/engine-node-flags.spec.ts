import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_NODE_FLAGS } from '../bench/engine-node-flags.js';

/** Every way the project starts the engine passes the V8 flags the bench measured it with. */
describe('the engine is started with its V8 flags', () => {
  const root = process.cwd();
  const scripts = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const dockerCommand = /^CMD (.*)$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))?.[1] ?? '';

  it.each([
    ['npm start', scripts.start],
    ['npm run start:worker', scripts['start:worker']],
    ['npm run bench', scripts.bench],
    ['the Docker image', (JSON.parse(dockerCommand) as string[]).join(' ')],
  ])('%s', (_name, command) => {
    for (const flag of ENGINE_NODE_FLAGS) expect(command).toContain(` ${flag} `);
  });
});
