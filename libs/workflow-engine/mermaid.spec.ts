import { describe, expect, it } from '@jest/globals';
import { ticketWorkflow } from '../testing/index.js';
import { toMermaid } from './mermaid.js';

describe('toMermaid', () => {
  it('draws every state and transition of the machine with action names', () => {
    expect(toMermaid(ticketWorkflow)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> open: create',
        '  open --> open: note',
        '  open --> done: finish',
        '  done --> [*]',
      ].join('\n'),
    );
  });
});
