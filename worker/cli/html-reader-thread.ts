/** One thread of html-reader-pool.ts: reads each page it is handed with readHtml. */
import { parentPort } from 'node:worker_threads';
import { readHtml } from '../src/crawl/site-crawler';

parentPort!.on('message', ({ id, body, finalUrl, withLinks }: { id: number; body: string; finalUrl: string; withLinks: boolean }) => {
  try {
    parentPort!.postMessage({ id, read: readHtml(body, finalUrl, withLinks) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
