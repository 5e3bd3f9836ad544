import { describe, expect, it } from 'vitest';
import { formatLines } from '../../adapters/terminal/format.js';
import { mention, rich } from '../../src/core/render.js';

describe('terminal format: buttons on a section', () => {
  it('writes a short hint line under each section that has buttons elsewhere', () => {
    const lines = formatLines('dm cora', {
      text: 'Proposed pairs',
      sections: [
        { title: 'Pair 1', text: rich`${mention('alice')} with ${mention('bob')}`, actions: { id: 'match:p1', choices: [{ value: 'approve', label: 'Approve', style: 'primary' }, { value: 'reject', label: 'Reject', style: 'danger' }] } },
        { text: 'No buttons here' },
      ],
    });
    expect(lines).toEqual(['[dm cora] Proposed pairs', '[dm cora] Pair 1: @alice with @bob', '[dm cora]   (buttons: Approve · Reject)', '[dm cora] No buttons here']);
  });

  it('writes a message without section buttons as before', () => {
    expect(formatLines('dm bob', { text: 'Hi', sections: [{ title: 'A', text: 'b' }] })).toEqual(['[dm bob] Hi', '[dm bob] A: b']);
  });
});
