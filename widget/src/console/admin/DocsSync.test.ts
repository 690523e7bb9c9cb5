import { parseHTML } from 'linkedom';
import { Fragment, h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { DocsSync } from './DocsSync';
import type { DocsSyncView } from './api';

// The test build compiles JSX to classic h() calls (vite.config.ts); the console's own build brings its runtime.
Object.assign(globalThis, { h, Fragment });

/** Render into a linkedom document: the dashboard section as text. */
function shown(sync: DocsSyncView): string {
  const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  const previous = globalThis.document;
  globalThis.document = document as never;
  try {
    const root = document.getElementById('app')!;
    render(h(DocsSync, { sync }), root as never);
    return (root.textContent ?? '').replace(/\s+/g, ' ');
  } finally {
    globalThis.document = previous;
  }
}

describe('the admin dashboard docs sync section', () => {
  it('shows the last sync: when, pages, changes and failures', () => {
    const text = shown({
      configured: true,
      url: 'https://docs.example.com/',
      cron: '0 3 * * *',
      last: { url: 'https://docs.example.com/', startedAt: '2026-12-02T03:00:00.000Z', finishedAt: '2026-12-02T03:55:00.000Z', pages: 318, added: 2, changed: 3, removed: 1, unchanged: 313, failed: 1, failures: [{ url: 'https://docs.example.com/broken', status: 500 }] },
      running: { url: 'https://docs.example.com/', startedAt: '2026-12-03T03:00:00.000Z', done: 30, queued: 289, failed: 0 },
    });
    expect(text).toContain(`Last sync finished ${new Date('2026-12-02T03:55:00.000Z').toLocaleString()}: 318 pages; 2 added, 3 changed, 1 removed, 313 unchanged; 1 failed.`);
    expect(text).toContain('500 https://docs.example.com/broken');
    expect(text).toContain('30 pages read, 289 queued, 0 failed');
    expect(text).toContain('schedule 0 3 * * * (UTC)');
  });

  it('says the sync is off without DOCS_SYNC_URL, and that a failed sync changed nothing', () => {
    expect(shown({ configured: false })).toContain('Off: DOCS_SYNC_URL is not set');
    const failed = shown({ configured: true, url: 'https://docs.example.com/', cron: '0 3 * * *', last: { url: 'https://docs.example.com/', startedAt: '2026-12-02T03:00:00.000Z', finishedAt: '2026-12-02T03:00:05.000Z', pages: 0, added: 0, changed: 0, removed: 0, unchanged: 0, failed: 1, failures: [], error: 'nothing could be read from https://docs.example.com/; the index is unchanged' } });
    expect(failed).toContain('nothing could be read from https://docs.example.com/; the index is unchanged');
  });
});
