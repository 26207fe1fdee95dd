import type pg from 'pg';
import { postgresPool } from '../event-store/index.js';
import type { AttachmentBlobStore } from './attachment-blob-store.js';

/**
 * Blobs in the PostgreSQL database of the event store (its migration 3 creates `attachment_blobs`), so
 * every node serves what any node received. Bytes are sealed before they get here.
 */
export class PostgresBlobStore implements AttachmentBlobStore {
  private readonly pool: pg.Pool;

  constructor(options: { readonly connectionString: string; readonly connections?: number }) {
    this.pool = postgresPool({
      connectionString: options.connectionString,
      max: options.connections ?? 2,
      name: 'engine attachment blobs',
    });
  }

  async put(digest: string, bytes: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO attachment_blobs (digest, content, created_at) VALUES ($1, $2, now())
       ON CONFLICT (digest) DO NOTHING`,
      [digest, bytes],
    );
  }

  async get(digest: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ content: Buffer }>(
      'SELECT content FROM attachment_blobs WHERE digest = $1',
      [digest],
    );
    return rows[0]?.content;
  }

  async storedBefore(cutoff: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ digest: string }>(
      'SELECT digest FROM attachment_blobs WHERE created_at < $1',
      [cutoff],
    );
    return rows.map((row) => row.digest);
  }

  async remove(digest: string): Promise<void> {
    await this.pool.query('DELETE FROM attachment_blobs WHERE digest = $1', [digest]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
