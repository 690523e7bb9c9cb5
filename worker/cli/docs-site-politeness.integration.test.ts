import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { USER_AGENT, readDocsSite } from './docs-site';

const page = (title: string, links: string[]) =>
  `<!doctype html><html><head><title>${title}</title></head><body><nav>${links.map((href) => `<a href="${href}">${href}</a>`).join(' ')}</nav><article><h1 id="top">${title}</h1><p>${title} explains one thing about the product in enough words for the reader to follow it.</p></article></body></html>`;

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A three-page site without a sitemap; robots.txt sets a crawl delay; /docs/b answers 429 once; /docs/a drops the connection once. */
async function start(port: number, robots: string) {
  const log: { path: string; at: number; agent: string }[] = [];
  let limited = false;
  let dropped = false;
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    log.push({ path, at: Date.now(), agent: String(request.headers['user-agent']) });
    if (path === '/robots.txt') return response.writeHead(200, { 'content-type': 'text/plain' }).end(robots);
    if (path === '/docs/a' && !dropped) {
      dropped = true;
      return request.socket.destroy();
    }
    if (path === '/docs/b' && !limited) {
      limited = true;
      return response.writeHead(429, { 'retry-after': '1' }).end();
    }
    const pages: Record<string, string> = {
      '/docs/': page('Start', ['/docs/a', '/docs/b', '/elsewhere/x', 'https://other.example/docs/c']),
      '/docs/a': page('Page A', ['/docs/', '/docs/b']),
      '/docs/b': page('Page B', ['/docs/a']),
    };
    const html = pages[path];
    if (!html) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/docs/`, log };
}

describe('crawling politely', () => {
  it('follows same-origin links under the start path, spaces requests by Crawl-delay, waits out a 429 and tries a dropped connection again', async () => {
    const site = await start(9752, 'User-agent: *\nCrawl-delay: 0.3\n');
    const result = await readDocsSite(site.url);
    expect(result.discovery).toBe('links');
    expect(result.chunks.map((chunk) => chunk.title).sort()).toEqual(['Page A', 'Page B', 'Start']);
    expect(site.log.some((entry) => entry.path.startsWith('/elsewhere'))).toBe(false);
    expect(site.log.every((entry) => entry.agent === USER_AGENT)).toBe(true);
    const pages = site.log.filter((entry) => entry.path.startsWith('/docs/'));
    for (let i = 1; i < pages.length; i++) expect(pages[i]!.at - pages[i - 1]!.at).toBeGreaterThanOrEqual(280);
    expect(pages.filter((entry) => entry.path === '/docs/a')).toHaveLength(2);
    expect(result.failures).toEqual([]);
    const tries = pages.filter((entry) => entry.path === '/docs/b');
    expect(tries).toHaveLength(2);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('says nothing could be read when robots.txt disallows everything', async () => {
    const site = await start(9753, `User-agent: ${USER_AGENT.split('/')[0]}\nDisallow: /\n`);
    await expect(readDocsSite(site.url)).rejects.toThrow(/nothing could be read/);
    expect(site.log.map((entry) => entry.path)).toEqual(['/robots.txt', '/sitemap.xml']);
  });
});
