import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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

  it('never issues a key for a subject erased before it had one', () => {
    expect(vault.erase('case-13')).toBe(false);
    expect(vault.isErased('case-13')).toBe(true);
    expect(() => vault.seal('case-13', 'x')).toThrow('erased');
  });

  it('answers a tampered ciphertext with [erased] rather than garbage', () => {
    const sealed = vault.seal('case-6', 'secret');
    expect(vault.open(`${sealed.slice(0, -4)}AAAA`)).toBe(ERASED);
  });

  it('erases for every other connection at once, without a restart', () => {
    const elsewhere = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
    const sealed = vault.seal('case-7', '13800138000');
    expect(elsewhere.open(sealed)).toBe('13800138000');
    expect(vault.erase('case-7')).toBe(true);
    expect(elsewhere.open(sealed)).toBe(ERASED);
    expect(elsewhere.isErased('case-7')).toBe(true);
    elsewhere.close();
  });

  it('notices an erasure committed by another process’s connection from the next turn of the event loop', async () => {
    const sealed = vault.seal('case-14', '13800138000');
    expect(vault.open(sealed)).toBe('13800138000');
    // What the CLI or the worker does from another process: a commit on its own connection to the file.
    const otherProcess = new Database(join(dir, 'personal-data.sqlite'));
    otherProcess.prepare("UPDATE subject_keys SET key = NULL WHERE subject_id = 'case-14'").run();
    otherProcess.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(vault.open(sealed)).toBe(ERASED);
  });

  it('leaves no copy of an erased key in any file of the folder, whether or not it was checkpointed', () => {
    vault.seal('case-8', 'in the log only');
    vault.seal('case-9', 'checkpointed into the file');
    vault.db.pragma('wal_checkpoint(TRUNCATE)');
    vault.seal('case-10', 'another write after the checkpoint');
    const keyOf = (subject: string): Buffer =>
      (vault.db.prepare('SELECT key FROM subject_keys WHERE subject_id = ?').get(subject) as { key: Buffer })
        .key;
    const keys = [keyOf('case-8'), keyOf('case-9')];
    const filesHolding = (key: Buffer): string[] =>
      readdirSync(dir).filter((file) => readFileSync(join(dir, file)).includes(key));
    expect(keys.map(filesHolding).flat().length).toBeGreaterThan(0);
    vault.erase('case-8');
    vault.erase('case-9');
    expect(keys.map(filesHolding)).toEqual([[], []]);
    expect(vault.open(vault.seal('case-10', 'kept'))).toBe('kept');
  });

  it('fingerprints a value under the subject’s key: repeatable, different per case, gone with the key', () => {
    const first = vault.fingerprint('case-11', '13800138000');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(vault.fingerprint('case-11', '13800138000')).toBe(first);
    expect(vault.fingerprint('case-12', '13800138000')).not.toBe(first);
    vault.erase('case-11');
    expect(vault.fingerprint('case-11', '13800138000')).toBeUndefined();
  });
});
