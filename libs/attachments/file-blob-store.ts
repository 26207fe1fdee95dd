import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { preparePrivateDirectory } from '../event-store/index.js';
import { isAttachmentDigest, type AttachmentBlobStore } from './attachment-blob-store.js';

/**
 * Blobs as files of `DATA_DIR/attachments/` (folder 0700, files 0600, like every DATA_DIR file), named by
 * their digest's hex. A blob is written to a temporary name, flushed, then renamed: a crash leaves either
 * no blob or the whole one, never a part under the digest's name.
 */
export class FileBlobStore implements AttachmentBlobStore {
  /** The folder is made with the first blob: a DATA_DIR without attachments holds no folder for them. */
  constructor(readonly directory: string) {}

  put(digest: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(digest);
    if (existsSync(path)) return Promise.resolve();
    preparePrivateDirectory(this.directory);
    const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    // The rename itself survives a power loss only once the folder is flushed.
    const folder = openSync(this.directory, 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
    return Promise.resolve();
  }

  get(digest: string): Promise<Buffer | undefined> {
    try {
      return Promise.resolve(readFileSync(this.pathOf(digest)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve(undefined);
      throw error;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Only a well-formed digest names a file: nothing a caller sends can reach outside the folder. */
  private pathOf(digest: string): string {
    if (!isAttachmentDigest(digest))
      throw new Error(`Not an attachment digest: ${String(digest).slice(0, 80)}`);
    return join(this.directory, digest.slice('sha256:'.length));
  }
}
