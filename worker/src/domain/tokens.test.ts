import { describe, expect, it } from 'vitest';
import { csvCell } from '../services/csv-export';
import { randomId, timingSafeEqual } from './tokens';

describe('token hashes', () => {
  it('compares in constant time, including different lengths', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('random ids', () => {
  it('start with a letter or digit, so a CSV export and a command line carry them unchanged', () => {
    // With a free first character, about 1 id in 32 starts with "-" or "_"; 4,000 of them would show it.
    const ids = Array.from({ length: 4000 }, () => randomId(16));
    expect(ids.filter((id) => !/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/.test(id))).toEqual([]);
    for (const id of ids.slice(0, 200)) expect(csvCell(id)).toBe(`"${id}"`);
  });
});
