import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { droppedChunkIds, syncReport, usableState, type CrawlJob, type PageState } from './crawl-state';
import { USER_AGENT, startCrawl } from './site-crawler';

const page = (hash: string, chunkIds: string[]): PageState => ({ url: `https://d.example/${hash}`, pageId: hash, hash, chunkIds });
const job = (previous: CrawlJob['previous'], next: CrawlJob['next'], changes: CrawlJob['changes']) => ({ previous, next, changes }) as CrawlJob;

describe('the crawler', () => {
  it('names itself Switchboard-Ingest/<package.json version>', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(USER_AGENT).toBe(`Switchboard-Ingest/${version}`);
  });

  it('refuses a start URL that is not http(s)', async () => {
    await expect(startCrawl('ftp://docs.example.com/')).rejects.toThrow('not an http(s) URL: ftp://docs.example.com/');
    await expect(startCrawl('docs.example.com')).rejects.toThrow('not a URL: docs.example.com');
  });
});

describe('crawl state', () => {
  it('reports a page of the previous run that this run did not keep as removed, and drops its chunks', () => {
    const a = page('a', ['a1']);
    const b = page('b', ['b1', 'b2']);
    const b2 = page('b', ['b1', 'b3']);
    const finished = job({ 'https://d.example/a': a, 'https://d.example/b': b }, { 'https://d.example/b': b2, 'https://d.example/c': page('c', ['c1']) }, { 'https://d.example/b': 'changed', 'https://d.example/c': 'added' });
    expect(syncReport(finished)).toEqual({ added: ['https://d.example/c'], changed: ['https://d.example/b'], removed: ['https://d.example/a'], unchanged: [] });
    expect(droppedChunkIds(finished).sort()).toEqual(['a1', 'b2']);
  });

  it('forgets a page whose chunks are no longer all in the index, so it is read afresh', () => {
    const state = { x: page('x', ['x1']), y: page('y', ['y1', 'y2']) };
    expect(Object.keys(usableState(state, (id) => id !== 'y2'))).toEqual(['x']);
  });
});
