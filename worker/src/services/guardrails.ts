/**
 * Post-generation checks on an answer: citations must point at retrieved
 * sources, links may only go to those sources (or the support mailbox), no
 * images, and no promises a model cannot keep. `createStreamGuard` applies the
 * same checks sentence by sentence while the answer streams.
 */
import { isPromise } from './promise-patterns';

export interface NumberedSource {
  n: number;
  url: string;
}

export interface GuardrailOptions {
  /** mailto: links to this address are allowed. */
  supportEmail?: string;
  /** Replaces a sentence that promised something; said at most once per answer. */
  humanOffer?: string;
}

export type Violation = 'image' | 'foreign-url' | 'invalid-citation' | 'promise';

export interface GuardrailResult {
  text: string;
  changed: boolean;
  violations: Violation[];
}

export const DEFAULT_HUMAN_OFFER =
  "I can't make commitments about refunds, credits, discounts, deadlines or exceptions, but a person from our team can: choose \"Talk to a human\" and they will pick this up.";

/** Hosts that only ever appear as placeholders in examples, never as phishing targets. */
const PLACEHOLDER_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]', 'example.com', 'www.example.com', 'example.org', 'example.net']);
/** Scheme-less domains; TLDs that double as library names (socket.io, next.js) are left out on purpose. */
const BARE_DOMAIN = /([ \t]?)\b((?:[a-z0-9-]+\.)+(?:com|net|org|example|xyz|ru|info|biz|site|online|link|click|top|tk)\b(?:\/[^\s<>()[\]"'`]*)?)/gi;

interface GuardContext {
  citations: Set<number>;
  /** The retrieved sources as origin + path (no trailing slash): a link may go to these and nowhere else. */
  pages: Set<string>;
  hosts: Set<string>;
  supportEmail?: string;
  humanOffer: string;
  offered: boolean;
  violations: Set<Violation>;
}

/** An http(s) URL as the browser would read it; undefined for anything else or anything that does not parse. */
function parseWebUrl(raw: string): URL | undefined {
  try {
    const url = new URL(/^www\./i.test(raw) ? `https://${raw}` : raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Origin (scheme, host, port as the browser resolves them) plus the path, case-folded. */
const pageKey = (url: URL) => `${url.origin}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();

function createContext(sources: readonly NumberedSource[], options: GuardrailOptions): GuardContext {
  const parsed = sources.map((source) => parseWebUrl(source.url)).filter((value) => value !== undefined);
  return {
    citations: new Set(sources.map((source) => source.n)),
    pages: new Set(parsed.map(pageKey)),
    hosts: new Set(parsed.map((url) => url.hostname.toLowerCase())),
    supportEmail: options.supportEmail?.toLowerCase(),
    humanOffer: options.humanOffer ?? DEFAULT_HUMAN_OFFER,
    offered: false,
    violations: new Set(),
  };
}

/**
 * May the visitor be sent to `raw`? Parsed with URL and compared by origin, never by text:
 * a source's page (its origin and path), the support mailbox, or a placeholder host (which the renderer leaves as text).
 * Userinfo (`https://docs.example.org@evil.example`) is refused outright.
 */
function allowedUrl(raw: string, context: GuardContext): boolean {
  const target = raw.trim().replace(/^<|>$/g, '');
  if (/^mailto:/i.test(target)) return !!context.supportEmail && target.slice(7).split('?')[0]?.toLowerCase() === context.supportEmail;
  const url = parseWebUrl(target);
  if (!url || url.username || url.password) return false;
  return context.pages.has(pageKey(url)) || PLACEHOLDER_HOSTS.has(url.hostname);
}

/** Every URL-looking run, whatever surrounds it (link syntax closed or not); `'`, `(` and `@` stay inside so userinfo tricks parse as such. */
const URL_TOKEN = /[ \t]?(?:\b(?:https?:\/\/|www\.)[^\s<>"`]*|\bmailto:[^\s<>"`()[\]]*)/gi;
const TRAILING = /[.,;:!?'")\]*_]+$/;
/** Stands where a code span held only a refused URL. */
const LINK_NOT_SHOWN = '(link not shown)';

function stripLinks(text: string, context: GuardContext): string {
  const flag = (violation: Violation) => context.violations.add(violation);
  let result = text.replace(/!\[[^\]]*\]\([^)]*\)?/g, () => (flag('image'), ''));
  // A well-formed link to a refused target keeps its label as text.
  result = result.replace(/\[([^\]]*)\]\(([^)\s]*)(\s+"[^"]*")?\)/g, (whole, label: string, href: string) =>
    allowedUrl(href, context) ? whole : (flag('foreign-url'), label),
  );
  // A code span holding nothing but a refused URL would be left as an empty span: say a link was there.
  result = result.replace(/`([^`\n]+)`/g, (whole, inner: string) => {
    const url = inner.trim();
    if (!/^(?:https?:\/\/|www\.|mailto:)\S+$/i.test(url) || allowedUrl(url, context)) return whole;
    flag('foreign-url');
    return LINK_NOT_SHOWN;
  });
  // Then every URL left anywhere: bare, inside an unclosed `[label](`, after a stray `](`.
  result = result.replace(URL_TOKEN, (token: string) => {
    const url = token.trim().replace(TRAILING, '');
    if (allowedUrl(url, context)) return token;
    flag('foreign-url');
    // Drop the URL and the space before it; keep the sentence's own punctuation.
    return token.trim().slice(url.length);
  });
  result = result.replace(BARE_DOMAIN, (whole, space: string, domain: string, offset: number, all: string) => {
    const before = all.charAt(offset - 1);
    if (!space && /[/.:]/.test(before)) return whole;
    // An email address's domain is not a link; a domain with a path after `@` is the userinfo trick.
    if (!space && before === '@' && !domain.includes('/')) return whole;
    const host = domain.split('/')[0]!.toLowerCase();
    if (context.hosts.has(host) || PLACEHOLDER_HOSTS.has(host)) return whole;
    flag('foreign-url');
    return '';
  });
  return result;
}

function fixCitations(text: string, context: GuardContext): string {
  return text.replace(/\[(\d+(?:\s*,\s*\d+)*)\](?!\()/g, (_whole, inner: string) => {
    const numbers = inner.split(',').map((item) => Number(item.trim()));
    const valid = numbers.filter((n) => context.citations.has(n));
    if (valid.length < numbers.length) context.violations.add('invalid-citation');
    return valid.map((n) => `[${n}]`).join('');
  });
}

function removePromises(text: string, context: GuardContext): string {
  const parts = text.split(/((?<=[.!?])[ \t]+|\n+)/);
  return parts
    .map((part, index) => {
      if (index % 2 === 1 || !isPromise(part)) return part;
      context.violations.add('promise');
      if (context.offered) return '';
      context.offered = true;
      return context.humanOffer;
    })
    .join('');
}

function guardText(text: string, context: GuardContext): string {
  return removePromises(fixCitations(stripLinks(text, context), context), context).replace(/(\S)[ \t]{2,}(?=\S)/g, '$1 ');
}

/**
 * Check a complete answer.
 *
 * @example
 * const { text, violations } = checkAnswer(answer, sources.map(({ n, url }) => ({ n, url })), { supportEmail });
 */
export function checkAnswer(text: string, sources: readonly NumberedSource[], options: GuardrailOptions = {}): GuardrailResult {
  const context = createContext(sources, options);
  const guarded = guardText(text, context);
  return { text: guarded, changed: guarded !== text, violations: [...context.violations] };
}

/**
 * Check quoted excerpts (answers without a model): only the link rules apply, so
 * a document cannot send visitors to a site that is not a source; a quoted
 * policy is the site owner's own words, not a promise made by the AI.
 *
 * @example
 * const text = checkLinks(extractiveAnswer(question, hits), sources, { supportEmail }).text;
 */
export function checkLinks(text: string, sources: readonly NumberedSource[], options: GuardrailOptions = {}): GuardrailResult {
  const context = createContext(sources, options);
  const guarded = stripLinks(text, context);
  return { text: guarded, changed: guarded !== text, violations: [...context.violations] };
}

export interface StreamGuard {
  /** Feed a delta; returns the text that is safe to send now (possibly empty). */
  push(delta: string): string;
  /** The stream ended: returns the checked remainder. */
  end(): string;
  /** Violations so far. */
  readonly violations: Violation[];
}

/** Held text is flushed anyway beyond this, so a run-on answer still streams. */
const MAX_HELD_CHARS = 1200;

const SENTENCE_END = new Set(['.', '!', '?']);
const CLOSERS = new Set([')', ']', '"', "'"]);

/**
 * The end of the last complete sentence in `buffer` with no link, citation or code fence left open.
 * One pass, no backtracking: punctuation-only answers cost the same as prose.
 */
function safeBoundary(buffer: string): number {
  let best = -1;
  let lastOpen = -1;
  let lastClose = -1;
  let lastLinkOpen = -1;
  let lastParenClose = -1;
  let fences = 0;
  // After ".", "!" or "?" and any closers: a space or tab here ends a sentence.
  let sentenceEnd = false;
  let inSpaces = false;
  const safe = (end: number) => lastOpen <= lastClose && lastLinkOpen <= lastParenClose && fences % 2 === 0 ? end : best;
  for (let index = 0; index < buffer.length; index += 1) {
    const char = buffer[index]!;
    if (inSpaces && char !== ' ' && char !== '\t') {
      best = safe(index);
      inSpaces = false;
      sentenceEnd = false;
    }
    if (char === '`' && buffer.startsWith('```', index)) {
      fences += 1;
      index += 2;
      sentenceEnd = false;
      continue;
    }
    if (char === '[') lastOpen = index;
    else if (char === ']') {
      lastClose = index;
      if (buffer[index + 1] === '(') lastLinkOpen = index;
    } else if (char === ')') lastParenClose = index;
    if (char === '\n') {
      best = safe(index + 1);
      sentenceEnd = false;
    } else if (SENTENCE_END.has(char)) sentenceEnd = true;
    else if (CLOSERS.has(char)) continue;
    else if ((char === ' ' || char === '\t') && (sentenceEnd || inSpaces)) inSpaces = true;
    else sentenceEnd = false;
  }
  if (inSpaces) best = safe(buffer.length);
  return best;
}

/**
 * Guard a streamed answer: only complete, checked sentences are released, so a
 * promise or a foreign URL never reaches the visitor, even for a moment.
 *
 * @example
 * const guard = createStreamGuard(sources);
 * for await (const delta of model.stream(request)) send(guard.push(delta));
 * send(guard.end());
 */
export function createStreamGuard(sources: readonly NumberedSource[], options: GuardrailOptions = {}): StreamGuard {
  const context = createContext(sources, options);
  let buffer = '';
  return {
    push(delta) {
      buffer += delta;
      let boundary = safeBoundary(buffer);
      if (boundary <= 0 && buffer.length > MAX_HELD_CHARS) boundary = buffer.length;
      if (boundary <= 0) return '';
      const ready = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary);
      return guardText(ready, context);
    },
    end() {
      const rest = guardText(buffer, context);
      buffer = '';
      return rest;
    },
    get violations() {
      return [...context.violations];
    },
  };
}
