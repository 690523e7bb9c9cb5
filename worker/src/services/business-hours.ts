/**
 * Business hours: when a person is at the desk. Parsed once from
 * BUSINESS_HOURS ("mon-fri 09:00-17:00, sat 10:00-14:00") and read in the
 * site's TIMEZONE through Intl, so daylight-saving changes need no code.
 */
import { fillIn as fill, messageLang, messagesFor } from './messages';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const LABELS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface OpeningWindow {
  /** 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** Minutes after midnight, local time; `to` is exclusive. */
  from: number;
  to: number;
}

export interface BusinessHours {
  windows: OpeningWindow[];
  timeZone: string;
  /** The original text, for messages. */
  text: string;
}

export class BusinessHoursError extends Error {
  override readonly name = 'BusinessHoursError';
}

function minutes(value: string): number {
  const match = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!match) throw new BusinessHoursError(`"${value}" is not a time like 09:00`);
  const total = Number(match[1]) * 60 + Number(match[2]);
  if (total > 24 * 60) throw new BusinessHoursError(`"${value}" is after 24:00`);
  return total;
}

function dayRange(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split('+')) {
    const [first, last = first] = part.split('-');
    const start = WEEKDAYS.indexOf(first as (typeof WEEKDAYS)[number]);
    const end = WEEKDAYS.indexOf(last as (typeof WEEKDAYS)[number]);
    if (start < 0 || end < 0) throw new BusinessHoursError(`"${part}" is not a day or day range like mon-fri`);
    for (let day = start; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === end) break;
    }
  }
  return [...days];
}

/** Throws BusinessHoursError for an unknown time zone. */
export function assertTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    throw new BusinessHoursError(`"${timeZone}" is not an IANA time zone such as Europe/Berlin`);
  }
}

/**
 * Parse a schedule; an empty text means "no schedule" (always staffed).
 *
 * @example
 * parseBusinessHours('mon-fri 09:00-17:00', 'Europe/Berlin')
 */
export function parseBusinessHours(text: string, timeZone: string): BusinessHours | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!trimmed) return undefined;
  assertTimeZone(timeZone);
  const windows = trimmed.split(/[,;]/).map((segment) => {
    const match = /^\s*([a-z+-]+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(segment);
    if (!match) throw new BusinessHoursError(`"${segment.trim()}" is not like "mon-fri 09:00-17:00"`);
    const from = minutes(match[2]!);
    const to = minutes(match[3]!);
    if (to <= from) throw new BusinessHoursError(`"${segment.trim()}" ends before it starts`);
    return { days: dayRange(match[1]!), from, to };
  });
  return { windows, timeZone, text: text.trim() };
}

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
