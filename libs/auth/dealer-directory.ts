import { ForbiddenError, type Actor } from '../kernel/index.js';

/** One dealer and the region it belongs to, as the operator's directory lists it. */
export interface DealerEntry {
  readonly dealerId: string;
  readonly regionId: string;
  readonly name?: string;
}

/** What is wrong with a directory file, each problem at a JSON path. */
export class InvalidDealerDirectoryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid dealer directory:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const ID = /^[\w-]{1,32}$/;
const ENTRY_KEYS = new Set(['dealerId', 'regionId', 'name']);

/**
 * Which region each dealer belongs to. A case's region decides which regional OEM staff see and sign it,
 * so it comes from here, never from what a token claims: a dealer user's token takes its region from the
 * directory, a token naming another region is refused, and so is a dealer the directory does not list.
 */
export class DealerDirectory {
  private readonly regions: ReadonlyMap<string, string>;

  constructor(entries: readonly DealerEntry[]) {
    this.regions = new Map(entries.map((entry) => [entry.dealerId, entry.regionId]));
  }

  /** Validates the parsed JSON of a directory (`{ "dealers": [{ dealerId, regionId, name? }] }`). */
  static fromJson(json: unknown): DealerDirectory {
    const problems: string[] = [];
    const dealers = (json as { dealers?: unknown } | null)?.dealers;
    if (typeof json !== 'object' || json === null || Array.isArray(json) || !Array.isArray(dealers)) {
      throw new InvalidDealerDirectoryError(['$: must be an object { "dealers": [ … ] }']);
    }
    if (dealers.length === 0) problems.push('$.dealers: must list at least one dealer');
    const seen = new Set<string>();
    dealers.forEach((entry: unknown, index) => {
      const at = `$.dealers[${index}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        problems.push(`${at}: must be an object { dealerId, regionId, name? }`);
        return;
      }
      const record = entry as Record<string, unknown>;
      for (const key of Object.keys(record))
        if (!ENTRY_KEYS.has(key)) problems.push(`${at}.${key}: unknown field`);
      for (const key of ['dealerId', 'regionId'])
        if (typeof record[key] !== 'string' || !ID.test(record[key]))
          problems.push(`${at}.${key}: must be 1 to 32 letters, digits, '_' or '-'`);
      if (record.name !== undefined && (typeof record.name !== 'string' || record.name.length > 200))
        problems.push(`${at}.name: must be a string of at most 200 characters`);
      if (typeof record.dealerId === 'string') {
        if (seen.has(record.dealerId)) problems.push(`${at}.dealerId: '${record.dealerId}' is listed twice`);
        seen.add(record.dealerId);
      }
    });
    if (problems.length > 0) throw new InvalidDealerDirectoryError(problems);
    return new DealerDirectory(dealers as DealerEntry[]);
  }

  get size(): number {
    return this.regions.size;
  }

  regionOf(dealerId: string): string | undefined {
    return this.regions.get(dealerId);
  }

  /**
   * The actor with the region the directory gives its dealer. Actors without a dealer (OEM staff) are
   * returned as they are. Refuses (403) a dealer the directory does not list, and a token whose region
   * contradicts the directory.
   */
  scope(actor: Actor): Actor {
    if (actor.dealerId === undefined) return actor;
    const regionId = this.regions.get(actor.dealerId);
    if (regionId === undefined) {
      throw new ForbiddenError(
        `Dealer ${actor.dealerId} is not in the dealer directory (DEALER_DIRECTORY), so its region is unknown; ask the operator to add it`,
      );
    }
    if (actor.regionId !== undefined && actor.regionId !== regionId) {
      throw new ForbiddenError(
        `The token puts dealer ${actor.dealerId} in region ${actor.regionId}, but the dealer directory puts it in ${regionId}`,
      );
    }
    return actor.regionId === regionId ? actor : { ...actor, regionId };
  }
}
