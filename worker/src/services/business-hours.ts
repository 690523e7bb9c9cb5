/**
 * Business hours: when a person is at the desk. The schedule is parsed by
 * domain/business-hours.ts and read here in the site's TIMEZONE through Intl,
 * so daylight-saving changes need no code.
 */
import type { BusinessHours } from '../domain/business-hours';
import { fillIn as fill, messageLang, messagesFor } from './messages';

const LABELS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Weekday and minutes after midnight of `now` in the schedule's time zone. */
function localTime(now: number, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return { day: LABELS.indexOf(part('weekday')), minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

export function isOpen(hours: BusinessHours, now: number): boolean {
  const { day, minute } = localTime(now, hours.timeZone);
  return hours.windows.some((window) => window.days.includes(day) && minute >= window.from && minute < window.to);
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * The next opening, searched a week ahead, in the visitor's language: "tomorrow at 09:00",
 * "Mon at 09:00", "morgen um 09:00". Day words come from Intl, so any language has them.
 */
export function nextOpening(hours: BusinessHours, now: number, lang = 'en'): string | undefined {
  const { day, minute } = localTime(now, hours.timeZone);
  for (let offset = 0; offset < 8; offset++) {
    const candidateDay = (day + offset) % 7;
    const starts = hours.windows.filter((window) => window.days.includes(candidateDay)).map((window) => window.from).sort((a, b) => a - b);
    const start = starts.find((from) => offset > 0 || from > minute);
    if (start === undefined) continue;
    // The day's words in the language of the sentence around them.
    const locale = messageLang(lang);
    // 2026-11-15 is a Sunday: day 0 of the schedule's week.
    const name =
      offset < 2
        ? new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(offset, 'day')
        : new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 15 + candidateDay));
    return fill(messagesFor(lang).opensAt, { day: name, time: clock(start) });
  }
  return undefined;
}

/** End of the window we are in, as "17:00". */
export function closesAt(hours: BusinessHours, now: number): string | undefined {
  const { day, minute } = localTime(now, hours.timeZone);
  const window = hours.windows.find((item) => item.days.includes(day) && minute >= item.from && minute < item.to);
  return window && clock(window.to);
}
