/**
 * The kinds of variable config.ts declares: each parses one env string into a
 * typed value or throws ConfigError naming the variable and the fix.
 */
import { Cron } from 'croner';

export interface VariableSpec<T> {
  name: string;
  default: string;
  effect: string;
  secret?: boolean;
  parse(value: string, name: string): T;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const text = (name: string, fallback: string, effect: string, secret = false): VariableSpec<string> => ({
  name,
  default: fallback,
  effect,
  secret,
  parse: (value) => value,
});

export const integer = (name: string, fallback: number, effect: string, min: number, max: number): VariableSpec<number> => ({
  name,
  default: String(fallback),
  effect,
  parse(value, variable) {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new ConfigError(`${variable}="${value}" is invalid: set it to a whole number from ${min} to ${max}.`);
    }
    return parsed;
  },
});

export const boolean = (name: string, fallback: boolean, effect: string): VariableSpec<boolean> => ({
  name,
  default: String(fallback),
  effect,
  parse(value, variable) {
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    if (/^(false|0|no|off)$/i.test(value)) return false;
    throw new ConfigError(`${variable}="${value}" is invalid: set it to true or false.`);
  },
});

export const choice = <T extends string>(name: string, fallback: T, effect: string, options: readonly T[]): VariableSpec<T> => ({
  name,
  default: fallback,
  effect,
  parse(value, variable) {
    if ((options as readonly string[]).includes(value)) return value as T;
    throw new ConfigError(`${variable}="${value}" is invalid: set it to one of ${options.join(', ')}.`);
  },
});

/** A percent band like "20-40", as shares (0.2–0.4). */
export const band = (name: string, fallback: string, effect: string): VariableSpec<{ min: number; max: number }> => ({
  name,
  default: fallback,
  effect,
  parse(value, variable) {
    const [, low, high] = /^(\d{1,3})\s*-\s*(\d{1,3})$/.exec(value) ?? [];
    if (low === undefined || high === undefined || Number(low) >= Number(high) || Number(high) > 100) {
      throw new ConfigError(`${variable}="${value}" is invalid: set it to a percent range like ${fallback} (low-high, 0 to 100).`);
    }
    return { min: Number(low) / 100, max: Number(high) / 100 };
  },
});

export const optionalUrl = (name: string, effect: string, secret = false): VariableSpec<string | undefined> => ({
  name,
  default: '',
  effect,
  secret,
  parse(value, variable) {
    if (value === '') return undefined;
    try {
      const url = new URL(value);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http');
      return value;
    } catch {
      throw new ConfigError(`${variable} is not a valid http(s) URL: set it to e.g. https://example.com/hook or leave it empty.`);
    }
  },
});

export const list = (name: string, fallback: string, effect: string): VariableSpec<string[]> => ({
  name,
  default: fallback,
  effect,
  parse: (value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
});

/**
 * A browser's Origin header is scheme://host[:port], lowercase, with no path:
 * a trailing slash or upper case is normalised, anything that could never
 * equal an Origin is refused with the value to set instead.
 */
export function parseOrigin(value: string, variable: string): string {
  const fix = (why: string, suggestion: string) => new ConfigError(`${variable} has "${value}", which no browser ever sends as an origin: ${why}; set it to ${suggestion}.`);
  if (value === '*') throw fix('CORS here never allows every origin', 'each site origin, comma-separated, e.g. https://www.example.com');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw fix('it has no scheme', `https://${value.replace(/\/+$/, '')}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fix('it is not a URL', 'scheme://host[:port], e.g. https://www.example.com');
  }
  if (!/^https?:$/.test(url.protocol)) throw fix('an origin is http or https', `https://${url.host || 'www.example.com'}`);
  if (url.pathname !== '/' || url.search || url.hash || url.username) throw fix('an origin has no path, query or user', url.origin);
  return url.origin;
}

export const origins = (name: string, fallback: string, effect: string): VariableSpec<string[]> => ({
  name,
  default: fallback,
  effect,
  parse: (value, variable) => [...new Set(list(name, fallback, effect).parse(value, variable).map((origin) => parseOrigin(origin, variable)))],
});

export const colour: VariableSpec<string> = {
  name: 'WIDGET_COLOR',
  default: '#1f5fd1',
  effect: 'Accent colour of the launcher and the visitor bubbles (#rrggbb).',
  parse(value, variable) {
    if (/^#[0-9a-fA-F]{6}$/.test(value)) return value;
    throw new ConfigError(`${variable}="${value}" is invalid: set it to a hex colour such as #1f5fd1.`);
  },
};

/** The launcher's icon: an image URL, or a short text such as an emoji (the widget shows text as text, never as markup). */
export const launcherIcon: VariableSpec<string> = {
  name: 'WIDGET_LAUNCHER_ICON',
  default: '',
  effect: 'Launcher icon: an image URL (https://…, or /path on the embedding site) or one or two characters such as an emoji. Empty: a chat bubble.',
  parse(value, variable) {
    if (value === '' || /^(https?:\/\/|\/)\S+$/.test(value) || [...new Intl.Segmenter().segment(value)].length <= 2) return value;
    throw new ConfigError(`${variable}="${value}" is invalid: set it to an image URL such as https://example.com/icon.svg, or one or two characters such as 💬.`);
  },
};

/** A five-field cron schedule (UTC), checked by croner, the parser the sync runs on. */
export const cron = (name: string, fallback: string, effect: string): VariableSpec<string> => ({
  name,
  default: fallback,
  effect,
  parse(value, variable) {
    if (value.trim().split(/\s+/).length !== 5) throw new ConfigError(`${variable}="${value}" is invalid: set it to a five-field cron schedule in UTC, e.g. "${fallback}" (minute hour day-of-month month day-of-week).`);
    try {
      new Cron(value, { paused: true, timezone: 'UTC' });
      return value;
    } catch (error) {
      throw new ConfigError(`${variable}="${value}" is invalid: ${error instanceof Error ? error.message : 'not a cron schedule'}; set it to e.g. "${fallback}".`);
    }
  },
});
