/** What a recorded command produced: enough to answer its repeat without deciding it again. */
export interface RecordedCommand {
  readonly revision: number;
  readonly position: number;
  readonly eventType: string;
  readonly commandHash: string;
}

interface Entry {
  readonly command: RecordedCommand;
  /** Order of recording within the shared log; an index sees the entries below its own count. */
  readonly sequence: number;
  /** The entry the same command id had before this one, if it was recorded twice. */
  readonly earlier: Entry | undefined;
}

/** Entries shared by an index and the indexes extended from it, newest per command id. */
interface SharedLog {
  readonly latest: Map<string, Entry>;
  /** How many entries have been recorded into this log. */
  count: number;
}

/**
 * The commands recorded in a case so far (commandId → what it produced): idempotency without another table.
 *
 * Immutable: `with` returns a new index and leaves this one as it was, so a case state never learns of a
 * command recorded after it. Folding a stream stays linear all the same: an index extended from the newest
 * index of its log shares that log and appends to it (each index sees only the entries recorded before it
 * was made), and only extending an older index again — a branch, which a fold never takes — copies it.
 */
export class CommandIndex {
  private constructor(
    private readonly log: SharedLog,
    /** Entries of the log this index sees: those with a lower sequence. */
    private readonly visible: number,
    /** Distinct command ids among them. */
    readonly size: number,
  ) {}

  /** An index of no commands, with a log of its own. */
  static empty(): CommandIndex {
    return new CommandIndex({ latest: new Map(), count: 0 }, 0, 0);
  }

  static of(entries: Iterable<readonly [string, RecordedCommand]>): CommandIndex {
    let index = CommandIndex.empty();
    for (const [commandId, command] of entries) index = index.with(commandId, command);
    return index;
  }

  get(commandId: string): RecordedCommand | undefined {
    return this.entry(commandId)?.command;
  }

  has(commandId: string): boolean {
    return this.entry(commandId) !== undefined;
  }

  /** This index with `commandId` recorded (replacing what it recorded before under that id). */
  with(commandId: string, command: RecordedCommand): CommandIndex {
    const log = this.log.count === this.visible ? this.log : this.copy();
    const earlier = log.latest.get(commandId);
    log.latest.set(commandId, { command, sequence: log.count, earlier });
    log.count += 1;
    return new CommandIndex(log, log.count, earlier === undefined ? this.size + 1 : this.size);
  }

  *[Symbol.iterator](): IterableIterator<[string, RecordedCommand]> {
    for (const commandId of this.log.latest.keys()) {
      const entry = this.entry(commandId);
      if (entry !== undefined) yield [commandId, entry.command];
    }
  }

  private entry(commandId: string): Entry | undefined {
    let entry = this.log.latest.get(commandId);
    while (entry !== undefined && entry.sequence >= this.visible) entry = entry.earlier;
    return entry;
  }

  /** A log of only what this index sees, for a branch off an older index. */
  private copy(): SharedLog {
    const latest = new Map<string, Entry>();
    let count = 0;
    for (const [commandId, command] of this) {
      latest.set(commandId, { command, sequence: count, earlier: undefined });
      count += 1;
    }
    return { latest, count };
  }
}
