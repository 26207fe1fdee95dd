import { describe, expect, it } from '@jest/globals';
import { nestingDepthExceeds } from './json-body.js';

describe('nestingDepthExceeds: how deep JSON text nests, without parsing it', () => {
  it.each([
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['[[[]],[[]]]', 3],
    ['{"text":"[[[[{{{{"}', 1],
    ['{"quote":"\\"[[[[","x":[]}', 2],
    ['{"backslash":"\\\\","x":[[]]}', 3],
    ['"[[[["', 0],
  ])('given %s, then the depth is %i', (text, depth) => {
    expect(JSON.parse(text)).toBeDefined();
    expect(nestingDepthExceeds(text, depth)).toBe(false);
    expect(nestingDepthExceeds(text, depth - 1)).toBe(depth > 0);
  });

  it('given 400,000 nested arrays, then it answers in well under 100 ms', () => {
    const text = `${'['.repeat(400_000)}${']'.repeat(400_000)}`;
    const started = performance.now();
    expect(nestingDepthExceeds(text, 32)).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
