import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from './index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'config-tenancy-'));
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return [...error.problems];
    throw error;
  }
};

describe('configuration of tokens and tenancy, validated at start', () => {
  it('caps a token lifetime at 12 hours unless told otherwise', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).auth.maxTokenLifetimeSeconds).toBe(43_200);
    expect(
      loadConfig({ DATA_DIR: dataDir, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).auth.maxTokenLifetimeSeconds,
    ).toBe(3600);
  });

  it.each(['0', '59', '604801', '12h', '-1'])('refuses AUTH_MAX_TOKEN_LIFETIME_SECONDS=%s', (value) => {
    expect(problemsOf({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: value })).toEqual([
      `AUTH_MAX_TOKEN_LIFETIME_SECONDS must be an integer from 60 to 604800, got '${value}'`,
    ]);
  });

  it('reads the dealer directory named by DEALER_DIRECTORY, and stops on a bad one naming file and path', () => {
    const file = join(dataDir, 'dealers.json');
    writeFileSync(
      file,
      JSON.stringify({
        dealers: [
          { dealerId: 'D001', regionId: 'R01' },
          { dealerId: 'D001', regionId: 'R02' },
        ],
      }),
    );
    expect(problemsOf({ DEALER_DIRECTORY: file })).toEqual([
      `DEALER_DIRECTORY ${file} $.dealers[1].dealerId: 'D001' is listed twice`,
    ]);
    expect(problemsOf({ DEALER_DIRECTORY: join(dataDir, 'missing.json') })[0]).toContain(
      'missing.json: cannot be read as JSON',
    );
    writeFileSync(file, JSON.stringify({ dealers: [{ dealerId: 'D001', regionId: 'R01' }] }));
    expect(loadConfig({ DATA_DIR: dataDir, DEALER_DIRECTORY: file }).dealerDirectoryFile).toBe(file);
  });
});
