/**
 * Reads crawled pages' HTML on worker threads, so a crawl parses on every core:
 * parsing (linkedom), Readability and turndown are the crawl's CPU, about 30 ms a
 * page in one thread, while fetching waits on the network. Each thread runs
 * readHtml (worker/src/crawl/site-crawler.ts) and hands back plain data; the
 * crawl's decisions (duplicates, hashes, the queue) stay in the main thread.
 *
 * The threads load TypeScript through tsx's register API, the same loader the npm
 * scripts run under.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readHtml, type ReadHtml } from '../src/crawl/site-crawler';

type Reply = { id: number; read?: ReadHtml; error?: string };

export interface HtmlReaderPool {
  read(body: string, finalUrl: string, withLinks: boolean): Promise<ReadHtml>;
  /** Threads still reading (0: pages are read in this thread). */
  alive(): number;
  close(): Promise<void>;
}

const THREAD = new URL('./html-reader-thread.ts', import.meta.url).href;

/** `size` threads (default: one per core, at most 4); with one core or fewer, pages are read in this thread. */
export function htmlReaderPool(size = Math.min(4, availableParallelism())): HtmlReaderPool {
  if (size <= 1) return { read: async (body, finalUrl, withLinks) => readHtml(body, finalUrl, withLinks), alive: () => 0, close: async () => {} };
  const pending = new Map<number, { thread: Worker; resolve: (read: ReadHtml) => void; reject: (error: Error) => void }>();
  const load = new Map<Worker, number>();
  let next = 0;
  const threads = Array.from({ length: size }, () => {
    const thread = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(THREAD)}); })`, { eval: true });
    thread.on('message', ({ id, read, error }: Reply) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (load.has(thread)) load.set(thread, load.get(thread)! - 1);
      if (read) waiting?.resolve(read);
      else waiting?.reject(new Error(error ?? 'the page could not be read'));
    });
    // A thread that dies fails the pages it held (the crawl lists them and goes on) and takes no more.
    thread.on('error', (error: Error) => {
      load.delete(thread);
      for (const [id, waiting] of pending) {
        if (waiting.thread !== thread) continue;
        pending.delete(id);
        waiting.reject(error);
      }
    });
    load.set(thread, 0);
    return thread;
  });
  return {
    read(body, finalUrl, withLinks) {
      const alive = [...load.keys()];
      if (!alive.length) return Promise.resolve().then(() => readHtml(body, finalUrl, withLinks));
      const thread = alive.reduce((least, candidate) => (load.get(candidate)! < load.get(least)! ? candidate : least));
      const id = next++;
      load.set(thread, load.get(thread)! + 1);
      return new Promise((resolve, reject) => {
        pending.set(id, { thread, resolve, reject });
        thread.postMessage({ id, body, finalUrl, withLinks });
      });
    },
    alive: () => load.size,
    close: async () => void (await Promise.all(threads.map((thread) => thread.terminate()))),
  };
}
