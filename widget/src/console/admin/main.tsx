/**
 * The admin dashboard (/admin): sign in with ADMIN_TOKEN, then metrics as
 * plain-SVG charts with their target bands, warnings, the review queue and CSV
 * exports. Everything comes from /admin/api/*, the same JSON anyone can script against.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, token, UnauthorizedError, type DocsSyncView, type MetricsReport, type Range, type ReviewQueue as Queue } from './api';
import { Dashboard } from './Dashboard';
import { DocsSync } from './DocsSync';
import { ReviewQueue } from './ReviewQueue';

const day = (at: number) => new Date(at).toISOString().slice(0, 10);

function Login({ error, onSubmit }: { error?: string; onSubmit(value: string): void }) {
  return (
    <form
      class="bar"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(((event.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement).value.trim());
      }}
    >
      <label>
        Admin token
        <input name="token" type="password" autoComplete="off" required />
      </label>
      <button class="primary">Sign in</button>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

function App() {
  const [signedIn, setSignedIn] = useState(Boolean(token.get()));
  const [error, setError] = useState<string>();
  const [range, setRange] = useState<Range>({ from: day(Date.now() - 29 * 86_400_000), to: day(Date.now()) });
  const [report, setReport] = useState<MetricsReport>();
  const [queue, setQueue] = useState<Queue>();
  const [sync, setSync] = useState<DocsSyncView>();

  const fail = (caught: unknown) => {
    if (caught instanceof UnauthorizedError) {
      token.clear();
      setSignedIn(false);
    }
    setError(caught instanceof Error ? caught.message : String(caught));
  };
  const load = () => {
    setError(undefined);
    Promise.all([api.metrics(range), api.review(range)])
      .then(([metrics, review]) => {
        setReport(metrics);
        setQueue(review);
      })
      .catch(fail);
    // Apart from the metrics: the sync state being unreachable must not blank the dashboard.
    api.docsSync().then(setSync, () => setSync(undefined));
  };
  useEffect(() => {
    if (signedIn) load();
  }, [signedIn, range]);

  if (!signedIn)
    return (
      <main>
        <h1>Switchboard admin</h1>
        <Login
          error={error}
          onSubmit={(value) => {
            token.set(value);
            setSignedIn(true);
          }}
        />
      </main>
    );
  return (
    <main>
      <h1>Switchboard admin</h1>
      <form
        class="bar"
        onSubmit={(event) => {
          event.preventDefault();
          const form = (event.target as HTMLFormElement).elements;
          setRange({ from: (form.namedItem('from') as HTMLInputElement).value, to: (form.namedItem('to') as HTMLInputElement).value });
        }}
      >
        <label>
          From
          <input name="from" type="date" value={range.from} />
        </label>
        <label>
          To
          <input name="to" type="date" value={range.to} />
        </label>
        <button>Show</button>
        <button type="button" onClick={load}>
          Refresh
        </button>
        <button type="button" onClick={() => api.download('conversations', range).catch(fail)}>
          Export conversations (CSV)
        </button>
        <button type="button" onClick={() => api.download('metrics', range).catch(fail)}>
          Export metrics (CSV)
        </button>
        <button type="button" onClick={() => api.download('categories', range).catch(fail)}>
          Export categories (CSV)
        </button>
        <button
          type="button"
          onClick={() => {
            token.clear();
            setSignedIn(false);
          }}
        >
          Sign out
        </button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {report ? <Dashboard report={report} /> : <p>Loading…</p>}
      {sync && <DocsSync sync={sync} />}
      {queue && <ReviewQueue queue={queue} onCause={(id, cause) => api.markCause(id, cause).then(load, fail)} />}
    </main>
  );
}

const root = document.getElementById('app');
if (root) {
  // The page's "Loading the dashboard…" placeholder is not Preact's to diff away.
  root.textContent = '';
  render(<App />, root);
}
