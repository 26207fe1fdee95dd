import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../libs/config/index.js';
import { EngineUnderTest } from './engine-under-test.js';
import { auditorNational } from './complaint-fixtures.js';

describe('the web console is served at / beside the API', () => {
  let consoleDir: string;
  let engine: EngineUnderTest;

  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'aftersales-console-assets-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js'), 'console.log("console")');
    engine = await EngineUnderTest.start({ env: { CONSOLE_DIR: consoleDir } });
  });
  afterAll(async () => {
    await engine.stop();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('answers / with index.html, revalidated on every load so a deploy shows at once', async () => {
    const response = await fetch(`${engine.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('serves the hashed bundles as immutable', async () => {
    const response = await fetch(`${engine.baseUrl}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('leaves every other path to the API: unknown paths are still problem+json 404s', async () => {
    const response = await fetch(`${engine.baseUrl}/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const api = await engine.request('GET', '/api/v1/complaints/not-a-uuid', { caller: auditorNational });
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });

  it('describes every workflow version for the console: states, actions, approval chain, diagram', async () => {
    const result = await engine.request<{ items: Record<string, unknown>[] }>('GET', '/api/v1/workflows', {
      caller: auditorNational,
    });
    expect(result.status).toBe(200);
    const complaintVersions = result.body.items.filter((item) => item.caseType === 'complaint');
    expect(complaintVersions.map((item) => [item.version, item.latest])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    const goodwill = result.body.items.find((item) => item.caseType === 'goodwill')!;
    expect(goodwill.approvalChain).toEqual([
      'oem_aftersales_rep',
      'regional_service_manager',
      'oem_general_manager',
      'product_liability',
      'oem_leadership',
    ]);
    expect(goodwill.states).toContain('awaiting_signatures');
    expect(goodwill.states).not.toContain('none');
    expect(String(goodwill.diagram)).toMatch(/^stateDiagram-v2/);
    expect(goodwill.create).toEqual({ roles: ['service_director'], description: expect.any(String) });
  });

  it('asks for a token like every other /api/v1 read', async () => {
    expect((await engine.request('GET', '/api/v1/workflows')).status).toBe(401);
  });
});

describe('console configuration', () => {
  it('turns the console off with CONSOLE_DIR=off', () => {
    expect(loadConfig({ CONSOLE_DIR: 'off', AUTH_JWT_SECRET: 'x'.repeat(32) }).consoleDir).toBeNull();
  });

  it('offers the dev sign-in by default only in the zero-configuration local mode', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-config-'));
    try {
      expect(loadConfig({ DATA_DIR: dataDir }).auth.devTokens).toBe(true);
      expect(loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: 'x'.repeat(32) }).auth.devTokens).toBe(false);
      expect(loadConfig({ DATA_DIR: dataDir, AUTH_DEV_TOKENS: 'false' }).auth.devTokens).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
