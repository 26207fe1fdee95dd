import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { watchRequestTimes } from './server-request-times.js';

describe('the server request times the HTTP bench reads from the server log', () => {
  it('given request lines split across chunks among other lines, then it keeps each request time once', () => {
    const output = new PassThrough();
    const watched = watchRequestTimes(output);
    output.write(
      '{"level":30,"msg":"engine listening","url":"http://127.0.0.1:1"}\n{"level":30,"method":"POST",',
    );
    output.write(
      '"status":200,"ms":3.5,"msg":"request"}\n{"level":30,"ms":7,"msg":"request"}\n{"ms":9,"msg":"slow sweep"}\n',
    );
    expect(watched.times).toEqual([3.5, 7]);
  });

  it('given the watch stopped, then later lines are not counted', () => {
    const output = new PassThrough();
    const watched = watchRequestTimes(output);
    output.write('{"ms":1,"msg":"request"}\n');
    watched.stop();
    output.write('{"ms":2,"msg":"request"}\n');
    expect(watched.times).toEqual([1]);
  });
});
