import { describe, expect, it } from 'vitest';
import { redactPersonalData } from './redaction';

describe('redactPersonalData', () => {
  it('replaces email addresses', () => {
    expect(redactPersonalData('Write to ada.lovelace+work@example.co.uk please')).toBe('Write to [email] please');
  });

  it('replaces card-like numbers, grouped or not', () => {
    expect(redactPersonalData('card 4242 4242 4242 4242 was charged')).toBe('card [card number] was charged');
    expect(redactPersonalData('card 4242-4242-4242-4242')).toBe('card [card number]');
    expect(redactPersonalData('amex 378282246310005')).toBe('amex [card number]');
  });

  it('replaces phone numbers in common shapes', () => {
    expect(redactPersonalData('call +44 20 7946 0958 today')).toBe('call [phone] today');
    expect(redactPersonalData('call (555) 123-4567')).toBe('call [phone]');
    expect(redactPersonalData('call 555-123-4567')).toBe('call [phone]');
  });

  it('keeps dates, versions, sizes, shortcuts and prices', () => {
    const text = 'On 2026-09-14 version 3.2.1 failed on a 5 MB file; F5 and Ctrl+K work; it costs $8.99 for 3 devices.';
    expect(redactPersonalData(text)).toBe(text);
  });
});
