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
  /** origin + path, without a trailing slash. */
  urls: Set<string>;
  hosts: Set<string>;
  supportEmail?: string;
  humanOffer: string;
  offered: boolean;
  violations: Set<Violation>;
}

function urlKey(raw: string): { key: string; host: string } | undefined {
  try {
    const url = new URL(raw.replace(/^www\./i, 'https://www.'), 'https://relative.invalid');
    return { key: `${url.origin}${url.pathname.replace(/\/+$/, '')}`.toLowerCase(), host: url.hostname.toLowerCase() };
  } catch {
    return undefined;
  }
}

function createContext(sources: readonly NumberedSource[], options: GuardrailOptions): GuardContext {
  const parsed = sources.map((source) => urlKey(source.url)).filter((value) => value !== undefined);
  return {
    citations: new Set(sources.map((source) => source.n)),
    urls: new Set(parsed.map((value) => value.key)),
    hosts: new Set(parsed.map((value) => value.host).filter((host) => host !== 'relative.invalid')),
    supportEmail: options.supportEmail?.toLowerCase(),
    humanOffer: options.humanOffer ?? DEFAULT_HUMAN_OFFER,
    offered: false,
    violations: new Set(),
  };
}

function allowedUrl(raw: string, context: GuardContext): boolean {
  const target = raw.trim().replace(/^<|>$/g, '');
  if (/^mailto:/i.test(target)) return !!context.supportEmail && target.slice(7).split('?')[0]?.toLowerCase() === context.supportEmail;
  const parsed = urlKey(target);
  return !!parsed && (context.urls.has(parsed.key) || PLACEHOLDER_HOSTS.has(parsed.host));
}

function stripLinks(text: string, context: GuardContext): string {
  const flag = (violation: Violation) => context.violations.add(violation);
  let result = text.replace(/!\[[^\]]*\]\([^)]*\)/g, () => (flag('image'), ''));
  result = result.replace(/\[([^\]]*)\]\(([^)\s]*)(\s+"[^"]*")?\)/g, (whole, label: string, href: string) =>
    allowedUrl(href, context) ? whole : (flag('foreign-url'), label),
  );
  // Bare URLs; a `](` prefix marks the target of a link already checked above.
  result = result.replace(/(\]\()?[ \t]?(?:<?\bhttps?:\/\/[^\s<>()[\]"'`]+>?|\bwww\.[a-z0-9-]+(\.[a-z0-9-]+)+[^\s<>()[\]"'`]*)/gi, (whole, linkOpen: string | undefined) => {
    if (linkOpen) return whole;
    const url = whole.trim().replace(/[.,;:!?]+$/, '');
    if (allowedUrl(url, context)) return whole;
    flag('foreign-url');
    // Drop the URL and the space before it; keep the sentence's own punctuation.
    return whole.trim().slice(url.length);
  });
  result = result.replace(BARE_DOMAIN, (whole, space: string, domain: string, offset: number, all: string) => {
    if (!space && /[/@.:]/.test(all.charAt(offset - 1))) return whole;
    const host = domain.split('/')[0]!.toLowerCase();
    if (context.hosts.has(host) || PLACEHOLDER_HOSTS.has(host) || allowedUrl(`https://${domain}`, context)) return whole;
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

/** The end of the last complete sentence in `buffer` with no link, citation or code fence left open. */
function safeBoundary(buffer: string): number {
  const boundaries = [...buffer.matchAll(/[.!?]+[)\]"']*[ \t]+|\n/g)].map((match) => match.index + match[0].length);
  for (const boundary of boundaries.reverse()) {
    const head = buffer.slice(0, boundary);
    const openBracket = head.lastIndexOf('[') > head.lastIndexOf(']');
    const openParen = head.lastIndexOf('](') > head.lastIndexOf(')');
    const openFence = (head.match(/```/g) ?? []).length % 2 === 1;
    if (!openBracket && !openParen && !openFence) return boundary;
  }
  return -1;
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
