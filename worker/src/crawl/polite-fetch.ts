/**
 * The crawler's HTTP client: one named user agent, Crawl-delay slots, a timeout
 * per request, and backoff on 429/503 after Retry-After (capped at 60 s; else 1, 2, 4 s).
 * A dropped connection (a server closing a kept-alive socket as it is reused, a reset; not a
 * refused connection) is tried twice more, after 0.5 and 1 s. A request that still fails or times out resolves
 * with status 0 and the reason.
 */

/**
 * The user agent robots.txt is read for, from the CLI and the Worker alike. The version is
 * package.json's (site-crawler.test.ts holds them together): the Worker bundle has no package.json.
 */
export const USER_AGENT = 'Switchboard-Ingest/0.1.0';

export interface Fetched {
  status: number;
  url: string;
  type: string;
  body: string;
  etag?: string;
  lastModified?: string;
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5';

/** A polite client: Crawl-delay slots, a timeout per request, backoff on 429/503 with Retry-After. */
export function politeFetch(delayMs: number, timeoutMs: number) {
  let nextSlot = 0;
  const request = async (url: string, headers: Record<string, string>): Promise<Fetched> => {
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + delayMs;
      if (slot > now) await sleep(slot - now);
      let response: Response;
      try {
        response = await fetch(url, { headers: { 'user-agent': USER_AGENT, accept: ACCEPT, ...headers }, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        // fetch rejects with a TypeError for a network failure; a timeout is a DOMException and is not retried,
        // nor is a host that refuses or does not resolve: nothing is listening there.
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (!(error instanceof TypeError) || code === 'ECONNREFUSED' || code === 'ENOTFOUND' || attempt >= 2) throw error;
        await sleep(500 * 2 ** attempt);
        continue;
      }
      if ((response.status === 429 || response.status === 503) && attempt < 3) {
        await response.body?.cancel();
        const after = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 60) * 1000 : 1000 * 2 ** attempt);
        continue;
      }
      const body = response.ok ? await response.text() : (await response.body?.cancel(), '');
      const etag = response.headers.get('etag') ?? undefined;
      const lastModified = response.headers.get('last-modified') ?? undefined;
      return { status: response.status, url: response.url || url, type: response.headers.get('content-type') ?? '', body, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
    }
  };
  return (url: string, headers: Record<string, string> = {}): Promise<Fetched> =>
    request(url, headers).catch((error: Error) => ({ status: 0, url, type: '', body: '', error: error.name === 'TimeoutError' ? 'timeout' : error.message }));
}

