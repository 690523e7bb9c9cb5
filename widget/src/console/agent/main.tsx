/**
 * The agent inbox (/agent): sign in with the agent token, see escalated
 * conversations (high urgency first, filtered by status and category, a page
 * at a time), open one, edit the AI draft and send it into the visitor's
 * chat, hand it back to the AI, or resolve it with a note.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, token, UnauthorizedError, type CaseStatus, type InboxCase } from './api';
import { CaseList } from './CaseList';
import { CaseView } from './CaseView';
import { Login } from './Login';

const FILTERS: (CaseStatus | 'all')[] = ['all', 'new', 'open', 'waiting', 'resolved'];

function App() {
  const [signedIn, setSignedIn] = useState(Boolean(token.get()));
  const [loginError, setLoginError] = useState<string>();
  const [cases, setCases] = useState<InboxCase[]>([]);
  const [disabled, setDisabled] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState<CaseStatus | 'all'>('all');
  const [category, setCategory] = useState('');
  const [page, setPage] = useState(1);
  const [paging, setPaging] = useState({ total: 0, pages: 1 });
  const [categories, setCategories] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState(decodeURIComponent(location.hash.slice(1)) || undefined);
  const [error, setError] = useState<string>();

  const fail = (caught: unknown) => {
    if (caught instanceof UnauthorizedError) {
      token.clear();
      setSignedIn(false);
      setLoginError(caught.message);
    } else setError(caught instanceof Error ? caught.message : String(caught));
  };
  const refresh = () =>
    api.cases({ status: filter === 'all' ? undefined : filter, category: category || undefined, page }).then((result) => {
      setCases(result.cases);
      setPaging({ total: result.total, pages: result.pages });
      setCategories(result.categories);
      setDisabled(result.disabledDestinations);
      setError(undefined);
    }, fail);

  useEffect(() => {
    if (!signedIn) return;
    void refresh();
    const timer = setInterval(() => void refresh(), 10_000);
    return () => clearInterval(timer);
  }, [signedIn, filter, category, page]);

  if (!signedIn)
    return (
      <Login
        error={loginError}
        onToken={(value) => {
          token.set(value);
          setLoginError(undefined);
          setSignedIn(true);
        }}
      />
    );
  const select = (id: string) => {
    setSelected(id);
    history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  };
  const listed = cases.find((item) => item.id === selected);
  return (
    <main class={selected ? 'has-case' : ''}>
      <header>
        <h1>Switchboard inbox</h1>
        <label>
          Show{' '}
          <select
            value={filter}
            onChange={(event) => {
              setFilter(event.currentTarget.value as CaseStatus | 'all');
              setPage(1);
            }}
          >
            {FILTERS.map((name) => (
              <option value={name} key={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Category{' '}
          <select
            value={category}
            onChange={(event) => {
              setCategory(event.currentTarget.value);
              setPage(1);
            }}
          >
            <option value="">all</option>
            {[...new Set([...Object.keys(categories), ...(category ? [category] : [])])].sort().map((name) => (
              <option value={name} key={name}>
                {name} ({categories[name] ?? 0})
              </option>
            ))}
          </select>
        </label>
        <button class="action" onClick={() => void refresh()}>
          Refresh
        </button>
        <button
          class="action"
          onClick={() => {
            token.clear();
            setSignedIn(false);
          }}
        >
          Sign out
        </button>
      </header>
      {Object.entries(disabled).map(([name, reason]) => (
        <p class="banner" role="alert" key={name}>
          Handoff destination “{name}” is disabled: {reason}.{' '}
          <button class="action" onClick={() => void api.enable(name).then(refresh, fail)}>
            Re-enable
          </button>
        </p>
      ))}
      {error && (
        <p class="banner error" role="alert">
          {error}
        </p>
      )}
      <nav aria-label="Inbox">
        <p class="muted" data-testid="case-count">
          {paging.total} {paging.total === 1 ? 'case' : 'cases'} · page {page} of {paging.pages}
        </p>
        <CaseList cases={cases} selected={selected} onSelect={select} />
        {paging.pages > 1 && (
          <p class="pager">
            <button class="action" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <button class="action" disabled={page >= paging.pages} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </p>
        )}
      </nav>
      <section aria-label="Case">
        {selected ? (
          <>
            <button class="action back" onClick={() => (setSelected(undefined), history.replaceState(null, '', location.pathname))}>
              ← All cases
            </button>
            <CaseView id={selected} listed={listed && `${listed.status}@${listed.updatedAt}`} onChanged={() => void refresh()} onError={fail} />
          </>
        ) : (
          <p class="muted">Choose a conversation.</p>
        )}
      </section>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
