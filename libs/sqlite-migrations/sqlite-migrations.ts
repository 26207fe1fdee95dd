import type Database from 'better-sqlite3';

/** One step of a SQLite file's schema: run once, in order, when the file's `user_version` is below it. */
export interface SqliteMigration {
  /** Greater than every earlier step's; the file's `user_version` once this step has run. */
  readonly version: number;
  /** What the step does, for reviewers and error messages. */
  readonly description: string;
  /** Runs inside the migration transaction; a throw leaves the file as it was. */
  up(db: Database.Database): void;
}

/** The numbered migrations of one kind of SQLite file. */
export interface SqliteSchema {
  /** The file as an operator knows it ("the event file"), named in errors. */
  readonly file: string;
  readonly migrations: readonly SqliteMigration[];
}

/** The file was written by a newer version of the engine: reading it could misread or damage it. */
export class SqliteFileTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `${capitalised(file)} (${path}) is at schema version ${fileVersion}, written by a newer version of the engine; this version knows versions up to ${knownVersion}. Run the newer version, or restore a backup.`,
    );
    this.name = 'SqliteFileTooNewError';
  }
}

export interface MigrationOutcome {
  /** `user_version` before (0: a new file, or one written before files carried a version). */
  readonly from: number;
  readonly to: number;
}

/** The newest version a schema knows. */
export function latestVersion(schema: SqliteSchema): number {
  return schema.migrations.at(-1)?.version ?? 0;
}

/**
 * Brings a SQLite file to the newest version its schema knows: runs every migration above the file's
 * `PRAGMA user_version`, in order, and records the new version, all in one immediate transaction, so a
 * crash leaves the file as it was and two processes opening the same file migrate it once (the second
 * reads the version again under the write lock and finds nothing to do). A file of a newer version is
 * refused, never opened as if it were older.
 */
export function migrateSqliteFile(db: Database.Database, schema: SqliteSchema): MigrationOutcome {
  checkOrder(schema);
  const latest = latestVersion(schema);
  const from = versionOf(db, schema, latest);
  if (from === latest) return { from, to: latest };
  db.transaction(() => {
    const current = versionOf(db, schema, latest);
    for (const migration of schema.migrations) {
      if (migration.version > current) migration.up(db);
    }
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return { from, to: latest };
}

/**
 * The file's schema version, for a reader that must not write (a read-only import): throws
 * SqliteFileTooNewError when the file is newer than this code knows.
 */
export function readableSqliteFileVersion(db: Database.Database, schema: SqliteSchema): number {
  return versionOf(db, schema, latestVersion(schema));
}

function versionOf(db: Database.Database, schema: SqliteSchema, latest: number): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > latest) throw new SqliteFileTooNewError(schema.file, db.name, version, latest);
  return version;
}

function checkOrder(schema: SqliteSchema): void {
  let previous = 0;
  for (const migration of schema.migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(
        `The migrations of ${schema.file} must have increasing whole versions from 1: ${migration.version} follows ${previous}`,
      );
    }
    previous = migration.version;
  }
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
