import type { DocsSyncView } from './api';

const when = (iso: string) => new Date(iso).toLocaleString();

/** The last docs sync (DOCS_SYNC_URL): when, pages, changes, failures; and the one in progress. */
export function DocsSync({ sync }: { sync: DocsSyncView }) {
  if (!sync.configured) {
    return (
      <section aria-labelledby="docs-sync">
        <h2 id="docs-sync">Docs sync</h2>
        <p class="muted">Off: DOCS_SYNC_URL is not set. With the local index, sync is re-running `npm run ingest -- &lt;URL&gt;` and deploying.</p>
      </section>
    );
  }
  const { last, running } = sync;
  return (
    <section aria-labelledby="docs-sync" data-testid="docs-sync">
      <h2 id="docs-sync">Docs sync</h2>
      <p class="muted">
        {sync.url} · schedule <code>{sync.cron}</code> (UTC)
      </p>
      {running && (
        <p>
          In progress since {when(running.startedAt)}: {running.done} pages read, {running.queued} queued, {running.failed} failed.
        </p>
      )}
      {last ? (
        <>
          {last.error && (
            <p class="warn" role="alert">
              {last.error}
            </p>
          )}
          <p>
            Last sync finished {when(last.finishedAt)}: <strong>{last.pages}</strong> pages; {last.added} added, {last.changed} changed, {last.removed} removed, {last.unchanged} unchanged; <strong>{last.failed}</strong> failed.
          </p>
          {last.failures.length > 0 && (
            <ul>
              {last.failures.map((failure) => (
                <li>
                  {String(failure.status)} {failure.url}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        !running && <p class="muted">No sync has finished yet.</p>
      )}
    </section>
  );
}
