import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  migrateSqliteFile,
  readableSqliteFileVersion,
  SqliteFileTooNewError,
  type SqliteSchema,
} from './sqlite-migrations.js';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = (): string => join(dir, `file-${++files}.sqlite`);

const notes: SqliteSchema = {
  file: 'the notes file',
  migrations: [
    {
      version: 1,
      description: 'notes',
      up: (db) => db.exec('CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)'),
    },
    {
      version: 2,
      description: 'who wrote each note',
      up: (db) => db.exec('ALTER TABLE notes ADD COLUMN author TEXT'),
    },
  ],
};

const columnsOf = (db: Database.Database): string[] =>
  db.prepare<[], string>("SELECT name FROM pragma_table_info('notes')").pluck().all();

describe('numbered SQLite migrations', () => {
  it('given a new file, runs every migration in order and records the newest version', () => {
    const db = new Database(freshPath());
    expect(migrateSqliteFile(db, notes)).toEqual({ from: 0, to: 2 });
    expect(columnsOf(db)).toEqual(['id', 'text', 'author']);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('given a file at version 1, runs only the later migrations and keeps its rows', () => {
    const path = freshPath();
    const old = new Database(path);
    migrateSqliteFile(old, { ...notes, migrations: notes.migrations.slice(0, 1) });
    old.prepare("INSERT INTO notes (text) VALUES ('kept')").run();
    old.close();
    const db = new Database(path);
    expect(migrateSqliteFile(db, notes)).toEqual({ from: 1, to: 2 });
    expect(db.prepare('SELECT text, author FROM notes').all()).toEqual([{ text: 'kept', author: null }]);
    db.close();
  });

  it('given a file at the newest version, changes nothing', () => {
    const db = new Database(freshPath());
    migrateSqliteFile(db, notes);
    const before = db.pragma('schema_version', { simple: true });
    expect(migrateSqliteFile(db, notes)).toEqual({ from: 2, to: 2 });
    expect(db.pragma('schema_version', { simple: true })).toBe(before);
    db.close();
  });

  it('given a migration that fails, leaves the file as it was', () => {
    const path = freshPath();
    const db = new Database(path);
    const failing: SqliteSchema = {
      ...notes,
      migrations: [
        ...notes.migrations,
        {
          version: 3,
          description: 'fails half way',
          up: (target) => {
            target.exec('CREATE TABLE tags (note_id INTEGER NOT NULL)');
            throw new Error('disk on fire');
          },
        },
      ],
    };
    expect(() => migrateSqliteFile(db, failing)).toThrow('disk on fire');
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([]);
    db.close();
  });

  it('refuses a file of a newer version, naming the file and both versions, and leaves it alone', () => {
    const path = freshPath();
    const newer = new Database(path);
    newer.pragma('user_version = 7');
    newer.close();
    const db = new Database(path);
    const error = (() => {
      try {
        migrateSqliteFile(db, notes);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SqliteFileTooNewError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(
      /^The notes file \(.*\) is at schema version 7, .*knows versions up to 2\./,
    );
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    db.close();
  });

  it('refuses migrations whose versions do not increase', () => {
    const db = new Database(':memory:');
    const [first] = notes.migrations;
    expect(() => migrateSqliteFile(db, { file: 'a file', migrations: [first!, first!] })).toThrow(
      /increasing whole versions/,
    );
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});

describe('reading a SQLite file without migrating it', () => {
  it('gives the version of a file this code knows, and refuses a newer one', () => {
    const db = new Database(':memory:');
    expect(readableSqliteFileVersion(db, notes)).toBe(0);
    db.pragma('user_version = 3');
    expect(() => readableSqliteFileVersion(db, notes)).toThrow(SqliteFileTooNewError);
    db.close();
  });
});
