import { describe, expect, it } from '@jest/globals';
import { CommandIndex, type RecordedCommand } from './command-index.js';

const command = (revision: number, commandHash = `hash-${revision}`): RecordedCommand => ({
  revision,
  position: 10 + revision,
  eventType: 'TicketNoted',
  commandHash,
});

describe('CommandIndex', () => {
  it('answers for the commands recorded into it, and not for others', () => {
    const index = CommandIndex.empty().with('a', command(0)).with('b', command(1));

    expect(index.get('a')).toEqual(command(0));
    expect(index.get('b')).toEqual(command(1));
    expect(index.get('c')).toBeUndefined();
    expect(index.size).toBe(2);
  });

  it('is left as it was by every index extended from it', () => {
    const first = CommandIndex.empty().with('a', command(0));
    const second = first.with('b', command(1));
    const third = second.with('c', command(2));

    expect([...first]).toEqual([['a', command(0)]]);
    expect([...second].map(([id]) => id)).toEqual(['a', 'b']);
    expect([...third].map(([id]) => id)).toEqual(['a', 'b', 'c']);
    expect([first.has('b'), first.has('c'), second.has('c')]).toEqual([false, false, false]);
  });

  it('keeps branches off an older index apart', () => {
    const base = CommandIndex.empty().with('a', command(0));
    const left = base.with('left', command(1));
    const right = base.with('right', command(1));
    const further = left.with('more', command(2));

    expect([...left].map(([id]) => id)).toEqual(['a', 'left']);
    expect([...right].map(([id]) => id)).toEqual(['a', 'right']);
    expect([...further].map(([id]) => id)).toEqual(['a', 'left', 'more']);
    expect([...base].map(([id]) => id)).toEqual(['a']);
  });

  it('records a command id again over what it recorded before, for later indexes only', () => {
    const before = CommandIndex.empty().with('a', command(0, 'first'));
    const after = before.with('a', command(3, 'second'));

    expect(after.get('a')).toEqual(command(3, 'second'));
    expect(after.size).toBe(1);
    expect(before.get('a')).toEqual(command(0, 'first'));
    expect([...before]).toEqual([['a', command(0, 'first')]]);
  });

  it('is built from recorded entries in order', () => {
    const index = CommandIndex.of([
      ['a', command(0)],
      ['b', command(1)],
    ]);
    expect([...index]).toEqual([
      ['a', command(0)],
      ['b', command(1)],
    ]);
  });
});
