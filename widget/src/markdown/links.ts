/**
 * Which URLs an answer may link to: http(s) and mailto only, and in an answer's text only a
 * retrieved source's origin. The renderer (render.ts) and the panel's source list use them.
 *
 * @example
 * linkHref('https://docs.example.org/refunds', sources) // the href, when a source is on docs.example.org
 * safeUrl('javascript:alert(1)') // undefined
 */
import type { Source } from '../../../shared/protocol';

export const EXTERNAL = { target: '_blank', rel: 'noopener noreferrer' } as const;

/** Only http(s) and mailto survive; anything else (javascript:, data:, relative) is refused. */
export function safeUrl(url: string): string | undefined {
  try {
    const { protocol, href } = new URL(url.trim());
    // The prefix test refuses relative URLs, which `new URL` would not.
    return /^(https?:\/\/|mailto:)/i.test(url.trim()) && /^(https?|mailto):$/.test(protocol) ? href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where an answer's link may go: a retrieved source's origin (parsed, never compared as text), or mailto.
 * Userinfo, other hosts, loopback and placeholder hosts that no source names stay text.
 */
export function linkHref(url: string, sources: readonly Source[]): string | undefined {
  const href = safeUrl(url);
  // With userinfo, href does not start with its own origin.
  const origin = href && new URL(href).origin + '/';
  return href && (href[0] == 'm' || (href.startsWith(origin!) && sources.some((source) => safeUrl(source.url)?.startsWith(origin!)))) ? href : undefined;
}

/** The source cited as `[n]`, if it exists and has a safe URL. */
export function citedSource(n: number, sources: readonly Source[]): (Source & { href: string }) | undefined {
  const source = sources.find((item) => item.n === n);
  const href = source && safeUrl(source.url);
  return href ? { ...source!, href } : undefined;
}
