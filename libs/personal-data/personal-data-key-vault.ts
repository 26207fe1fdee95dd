/**
 * Where the per-case keys that seal personal data are kept, whatever the store: the SQLite file beside an
 * embedded store (`PersonalDataVault`), or the PostgreSQL database every node shares
 * (`PostgresPersonalDataVault`). Sealing, opening and fingerprinting are synchronous over keys that `load`
 * fetched first, so a command or a read asks the key store once for every subject it is about to touch
 * (docs/security.md "Where the keys live").
 */
export interface PersonalDataKeyVault {
  /**
   * Fetches the current keys of `subjectIds` (one round trip; nothing for a vault whose keys are read in
   * place), creating the missing ones when `create` is set (never for an erased subject). A read calls it
   * before disclosing, so an erasure committed by any node before the read began is seen by it.
   */
  load(subjectIds: Iterable<string>, options?: { readonly create?: boolean }): Promise<void>;
  /** AES-256-GCM under the subject's key; throws PersonalDataErasedError once the key was destroyed. */
  seal(subjectId: string, plaintext: string): string;
  /** The plaintext, `[erased]` once the key is gone, or the value unchanged when it is not sealed. */
  open(value: string): string;
  /** Every sealed string inside `value`, opened (a copy; nothing is changed in place). */
  openAll<T>(value: T): T;
  /** A keyed digest of a personal-data value; undefined once the subject's key is destroyed. */
  fingerprint(subjectId: string, value: string): string | undefined;
  /** Whether the subject's key was destroyed (false for a subject that never had one). */
  isErased(subjectId: string): boolean;
  /** Destroys the subject's key for good, on every node; false when there was nothing to erase. */
  erase(subjectId: string, at?: Date): boolean | Promise<boolean>;
  close(): void | Promise<void>;
}
