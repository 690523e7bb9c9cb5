import { describe, expect, it } from 'vitest';
import { timingSafeEqual } from './tokens';

describe('token hashes', () => {
  it('compares in constant time, including different lengths', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
  });
});
