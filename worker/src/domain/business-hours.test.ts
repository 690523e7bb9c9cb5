import { describe, expect, it } from 'vitest';
import { BusinessHoursError, parseBusinessHours } from './business-hours';

describe('business hours, parsed', () => {
  it('refuses a bad schedule or time zone with the reason', () => {
    expect(() => parseBusinessHours('weekdays 9-5', 'UTC')).toThrow(BusinessHoursError);
    expect(() => parseBusinessHours('mon-fri 17:00-09:00', 'UTC')).toThrow(/ends before it starts/);
    expect(() => parseBusinessHours('mon-fri 09:00-17:00', 'Mars/Olympus')).toThrow(/IANA/);
    expect(parseBusinessHours('', 'UTC')).toBeUndefined();
  });
});
