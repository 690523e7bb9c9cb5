import { describe, expect, it } from 'vitest';
import { parseBusinessHours } from '../domain/business-hours';
import { isOpen, nextOpening } from './business-hours';
import { handoffExpectation } from './handoff-expectation';

const inboxAndEmail = { inbox: true, email: true, notified: true };

// 2026-11-16 is a Monday.
const at = (iso: string) => Date.parse(iso);

describe('business hours', () => {
  const berlin = parseBusinessHours('mon-fri 09:00-17:00', 'Europe/Berlin')!;

  it('is open on a weekday inside the window, in the configured time zone', () => {
    expect(isOpen(berlin, at('2026-11-16T08:30:00Z'))).toBe(true); // 09:30 in Berlin (CET, UTC+1)
    expect(isOpen(berlin, at('2026-11-16T07:30:00Z'))).toBe(false); // 08:30 in Berlin
    expect(isOpen(berlin, at('2026-11-16T16:00:00Z'))).toBe(false); // 17:00 in Berlin: closed
  });

  it('follows daylight saving time through Intl', () => {
    // 2026-07-06 is a Monday; Berlin is UTC+2 in summer.
    expect(isOpen(berlin, at('2026-07-06T07:30:00Z'))).toBe(true);
    expect(isOpen(berlin, at('2026-07-06T06:30:00Z'))).toBe(false);
  });

  it('is closed at the weekend and names the next opening', () => {
    const saturday = at('2026-11-21T12:00:00Z');
    expect(isOpen(berlin, saturday)).toBe(false);
    expect(nextOpening(berlin, saturday)).toBe('Mon at 09:00');
    expect(nextOpening(berlin, at('2026-11-16T20:00:00Z'))).toBe('tomorrow at 09:00');
  });

  it('accepts several windows and wrap-around day ranges', () => {
    const hours = parseBusinessHours('mon-fri 09:00-17:00; sat 10:00-14:00, sun-mon 20:00-22:00', 'UTC')!;
    expect(isOpen(hours, at('2026-11-21T11:00:00Z'))).toBe(true);
    expect(isOpen(hours, at('2026-11-22T21:00:00Z'))).toBe(true);
    expect(isOpen(hours, at('2026-11-22T11:00:00Z'))).toBe(false);
  });

  it('says it in the visitor\'s language, day words included, and in English for a language it does not speak', () => {
    const friday = at('2026-11-20T18:00:00Z'); // 19:00 in Berlin: back Monday
    const evening = at('2026-11-16T20:00:00Z'); // back tomorrow
    expect(handoffExpectation(berlin, evening, 'de-AT', inboxAndEmail).text).toBe('Wir sind gerade nicht da; jemand aus unserem Team antwortet Ihnen hier, sobald wir morgen um 09:00 wieder da sind (Europe/Berlin; Zeiten: mon-fri 09:00-17:00). Die Antwort schicken wir Ihnen auch per E-Mail.');
    expect(nextOpening(berlin, friday, 'fr')).toBe('lun. à 09:00');
    expect(nextOpening(berlin, evening, 'es')).toBe('mañana a las 09:00');
    expect(nextOpening(berlin, friday, 'ar')).toMatch(/^الاثنين الساعة 09:00$/);
    expect(handoffExpectation(berlin, at('2026-11-16T10:00:00Z'), 'fr', inboxAndEmail).text).toContain("nous sommes là jusqu'à 17:00 Europe/Berlin");
    expect(handoffExpectation(undefined, 0, 'es', inboxAndEmail).text).toBe('Una persona de nuestro equipo te responderá aquí, con toda esta conversación delante. También te enviaremos la respuesta por correo.');
    // Portuguese is not one of the assistant's languages: English words, English days.
    expect(nextOpening(berlin, evening, 'pt-BR')).toBe('tomorrow at 09:00');
  });
});
