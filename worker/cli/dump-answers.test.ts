import { describe, expect, it } from 'vitest';
import { everyNth } from './dump-answers';

describe('everyNth', () => {
  it('keeps lines 1, 3, 5, … and stops at the limit', () => {
    expect(everyNth(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 2, 3)).toEqual(['a', 'c', 'e']);
  });

  it('keeps every line with every=1 and no limit', () => {
    expect(everyNth(['a', 'b', 'c'], 1)).toEqual(['a', 'b', 'c']);
  });
});
