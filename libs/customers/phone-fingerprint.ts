import { createHmac } from 'node:crypto';
import { normalisedPhone } from '../command-schema/index.js';
import { ERASED, type PersonalDataKeyVault } from '../personal-data/index.js';

/**
 * The vault subject whose key computes the phone lookup fingerprints: one store-wide key, kept with the
 * case keys (never in the read models), so the records find a number without holding it in clear.
 */
export const PHONE_LOOKUP_SUBJECT = 'customer-records:phone-lookup';

/**
 * A keyed fingerprint (HMAC-SHA256 under a key derived from the lookup subject's key, as the engine's
 * command fingerprints are) of a normalised phone number. The read model keeps the fingerprint, not the
 * number; a number whose case was erased opens as `[erased]` and has none. Without a vault nothing is
 * sealed anywhere, and the fingerprint is a plain digest.
 */
export class PhoneFingerprints {
  constructor(private readonly vault: PersonalDataKeyVault | undefined) {}

  /** Fetches (creating on first use) the lookup key; call before `of` on a vault that loads keys. */
  async prepare(): Promise<void> {
    await this.vault?.load([PHONE_LOOKUP_SUBJECT], { create: true });
  }

  /** The fingerprint of a phone as an event stored it (sealed or not), or undefined once erased. */
  of(stored: string): string | undefined {
    const phone = this.vault !== undefined ? this.vault.open(stored) : stored;
    if (phone === ERASED || phone === '') return undefined;
    const normalised = normalisedPhone(phone);
    return this.vault !== undefined
      ? this.vault.fingerprint(PHONE_LOOKUP_SUBJECT, normalised)
      : createHmac('sha256', PHONE_LOOKUP_SUBJECT).update(normalised, 'utf8').digest('hex');
  }

  /** The fingerprint of a number a reader typed (normalised as commands are). */
  async ofTyped(typed: string): Promise<string | undefined> {
    await this.prepare();
    return this.of(typed);
  }
}
