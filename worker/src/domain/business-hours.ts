/**
 * Business hours as configured: BUSINESS_HOURS ("mon-fri 09:00-17:00, sat 10:00-14:00")
 * in TIMEZONE, parsed into windows. config.ts validates the variables with these
 * parsers; services/business-hours.ts reads the windows against the clock.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

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
