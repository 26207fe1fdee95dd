import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateEventStore } from '../event-store/index.js';
import { PersonalDataErasedError } from '../kernel/index.js';
import { startPostgres, type PostgresDatabase } from '../testing/index.js';
import type { PersonalDataKeyVault } from './personal-data-key-vault.js';
import { ERASED, PersonalDataVault } from './personal-data-vault.js';
import { PersonalDataKeyNotLoadedError, PostgresPersonalDataVault } from './postgres-personal-data-vault.js';

/** Two nodes' vaults over one key store: two processes on one DATA_DIR, or two nodes on one database. */
interface TwoNodes {
  readonly a: PersonalDataKeyVault;
  readonly b: PersonalDataKeyVault;
}

interface VaultKind {
  readonly name: string;
  readonly skip?: string;
  open(): Promise<TwoNodes>;
  stop(): Promise<void>;
}

function sqliteVaults(): VaultKind {
  const dir = mkdtempSync(join(tmpdir(), 'vault-conformance-'));
  const opened: PersonalDataVault[] = [];
  return {
    name: 'SQLite vault (one DATA_DIR)',
    open: () => {
      const path = join(dir, 'personal-data.sqlite');
      const [a, b] = [new PersonalDataVault(path), new PersonalDataVault(path)];
      opened.push(a, b);
      return Promise.resolve({ a, b });
    },
    stop: () => {
      for (const vault of opened) vault.close();
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

const postgres = await startPostgres();
if ('skip' in postgres) console.log(`PostgreSQL vault specs skipped: ${postgres.skip}`);
afterAll(async () => {
  if (!('skip' in postgres)) await postgres.stop();
});

function postgresVaults(): VaultKind {
  const opened: PostgresPersonalDataVault[] = [];
  const database = postgres as PostgresDatabase;
  return {
    name: 'PostgreSQL vault (one database, two nodes)',
    ...('skip' in postgres ? { skip: postgres.skip } : {}),
    open: async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await migrateEventStore(client);
      } finally {
        await client.end();
      }
      const [a, b] = [
        new PostgresPersonalDataVault({ connectionString: database.url }),
        new PostgresPersonalDataVault({ connectionString: database.url }),
      ];
      opened.push(a, b);
      return { a, b };
    },
    stop: async () => {
      await Promise.all(opened.map((vault) => vault.close()));
    },
  };
}

/** The next turn of the event loop. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe.each([sqliteVaults(), postgresVaults()])('$name', (kind) => {
  const maybe = kind.skip === undefined ? it : it.skip;
  let a: PersonalDataKeyVault;
  let b: PersonalDataKeyVault;
  beforeAll(async () => {
    if (kind.skip === undefined) ({ a, b } = await kind.open());
  });
  afterAll(() => kind.stop());

  /** A node seals a value as the command path does: load (creating the key), then seal. */
  const seal = async (vault: PersonalDataKeyVault, subjectId: string, plaintext: string): Promise<string> => {
    await vault.load([subjectId], { create: true });
    return vault.seal(subjectId, plaintext);
  };
  /** A node discloses as every read path does: load the keys of what it shows, then open. */
  const read = async (vault: PersonalDataKeyVault, sealed: string): Promise<string> => {
    await vault.load([sealed.split(':')[2]!]);
    return vault.open(sealed);
  };

  maybe('given a value sealed on node A, when node B reads it, then B shows it in clear', async () => {
    const subject = randomUUID();
    const sealed = await seal(a, subject, '王建国');
    expect(sealed).not.toContain('王建国');
    expect(await read(b, sealed)).toBe('王建国');
    expect(b.openAll({ customer: { name: sealed, class: 'B' }, list: [sealed] })).toEqual({
      customer: { name: '王建国', class: 'B' },
      list: ['王建国'],
    });
  });

  maybe(
    'given node A read a case before, when node B erases it, then A shows [erased] in its very next read',
    async () => {
      const subject = randomUUID();
      const sealed = await seal(a, subject, '13800138000');
      expect(await read(a, sealed)).toBe('13800138000');
      expect(await b.erase(subject)).toBe(true);
      expect(await read(a, sealed)).toBe(ERASED);
      expect(await read(b, sealed)).toBe(ERASED);
      expect(await b.erase(subject)).toBe(false);
    },
  );

  maybe('given an erased subject, then no node issues it a key again nor fingerprints with it', async () => {
    const subject = randomUUID();
    await seal(a, subject, 'x');
    await a.load([subject]);
    const before = a.fingerprint(subject, '13800138000');
    await a.erase(subject);
    await b.load([subject], { create: true });
    expect(() => b.seal(subject, 'y')).toThrow(PersonalDataErasedError);
    expect(b.fingerprint(subject, '13800138000')).toBeUndefined();
    expect(b.isErased(subject)).toBe(true);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
  });

  maybe('given a subject erased before it had a key, then no node ever issues one', async () => {
    const subject = randomUUID();
    expect(await b.erase(subject)).toBe(false);
    await a.load([subject], { create: true });
    expect(() => a.seal(subject, 'x')).toThrow(PersonalDataErasedError);
  });

  maybe('given both nodes create a key for one subject at once, then both use the one that won', async () => {
    const subjects = Array.from({ length: 20 }, () => randomUUID());
    await Promise.all(
      subjects.map((subject) => Promise.all([a, b].map((vault) => vault.load([subject], { create: true })))),
    );
    await a.load(subjects);
    await b.load(subjects);
    for (const subject of subjects) {
      expect(a.fingerprint(subject, 'same')).toBe(b.fingerprint(subject, 'same'));
      expect(b.open(a.seal(subject, 'v'))).toBe('v');
    }
  });

  maybe('given a subject without a key, then it is not erased and nothing opens under it', async () => {
    const subject = randomUUID();
    const forged = `pd:v1:${subject}:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA`;
    await a.load([subject]);
    expect(a.isErased(subject)).toBe(false);
    expect(a.open(forged)).toBe(ERASED);
    expect(a.open('not sealed')).toBe('not sealed');
  });

  maybe('given a tampered sealed value, then it opens as [erased], never as something else', async () => {
    const subject = randomUUID();
    const sealed = await seal(a, subject, 'secret');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(await read(b, tampered)).toBe(ERASED);
  });
});

describe('PostgreSQL vault: every read checks the key', () => {
  const maybe = 'skip' in postgres ? it.skip : it;
  const kind = postgresVaults();
  let a: PersonalDataKeyVault;
  let b: PersonalDataKeyVault;
  beforeAll(async () => {
    if (!('skip' in postgres)) ({ a, b } = await kind.open());
  });
  afterAll(() => kind.stop());

  maybe(
    'given keys loaded in an earlier turn, when a read discloses without loading, then it is refused',
    async () => {
      const subject = randomUUID();
      const sealed = (await a.load([subject], { create: true }), a.seal(subject, 'name'));
      expect(a.open(sealed)).toBe('name');
      await nextTurn();
      expect(() => a.open(sealed)).toThrow(PersonalDataKeyNotLoadedError);
      await b.erase(subject);
      // The key node A still holds from its command is never used to disclose: the next load sees the erasure.
      await a.load([subject]);
      expect(a.open(sealed)).toBe(ERASED);
    },
  );

  maybe(
    'given a command’s key, when reads load many other keys meanwhile, then the command still seals',
    async () => {
      const small = new PostgresPersonalDataVault({
        connectionString: (postgres as PostgresDatabase).url,
        cachedKeys: 2,
      });
      try {
        const subject = randomUUID();
        await small.load([subject], { create: true });
        // Other cases' keys, created elsewhere, that reads on this node disclose meanwhile.
        const others = Array.from({ length: 20 }, () => randomUUID());
        await b.load(others, { create: true });
        await small.load(others);
        await nextTurn();
        expect(small.fingerprint(subject, 'x')).toMatch(/^[0-9a-f]{64}$/);
        await b.load([subject]);
        expect(b.open(small.seal(subject, 'kept'))).toBe('kept');
      } finally {
        await small.close();
      }
    },
  );

  maybe('given a subject no load fetched, then sealing and fingerprinting are refused', () => {
    const subject = randomUUID();
    expect(() => a.seal(subject, 'x')).toThrow(PersonalDataKeyNotLoadedError);
    expect(() => a.fingerprint(subject, 'x')).toThrow(PersonalDataKeyNotLoadedError);
  });
});
