import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED, PersonalDataVault, sealPaths } from './personal-data-vault.js';

describe('personal data vault (crypto-shredding)', () => {
  let dir: string;
  let vault: PersonalDataVault;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-'));
    vault = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
  });
  afterEach(() => {
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals and opens, with a fresh IV each time', () => {
    const a = vault.seal('case-1', '13800138000');
    const b = vault.seal('case-1', '13800138000');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13800138000');
    expect(vault.open(a)).toBe('13800138000');
    expect(vault.open('plain')).toBe('plain');
  });

  it('seals only the named paths and leaves the rest', () => {
    const sealed = sealPaths(
      vault,
      'case-2',
      { customer: { name: '王建国', phone: '13800138000', class: 'A' }, description: 'd' },
      ['customer.name', 'customer.phone', 'missing.path'],
    );
    expect(sealed).toMatchObject({ customer: { class: 'A' }, description: 'd' });
    expect(vault.openAll(sealed)).toEqual({
      customer: { name: '王建国', phone: '13800138000', class: 'A' },
      description: 'd',
    });
  });

  it('erases a subject for good, also for a new vault on the same file', () => {
    const sealed = vault.seal('case-3', '王建国');
    expect(vault.erase('case-3')).toBe(true);
    expect(vault.open(sealed)).toBe(ERASED);
    expect(vault.erase('case-3')).toBe(false);
    const again = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
    expect(again.open(sealed)).toBe(ERASED);
    expect(() => again.seal('case-3', 'x')).toThrow('erased');
    again.close();
  });

  it('keeps other subjects readable', () => {
    const kept = vault.seal('case-4', 'kept');
    vault.erase('case-5');
    expect(vault.open(kept)).toBe('kept');
  });

  it('answers a tampered ciphertext with [erased] rather than garbage', () => {
    const sealed = vault.seal('case-6', 'secret');
    expect(vault.open(`${sealed.slice(0, -4)}AAAA`)).toBe(ERASED);
  });
});
