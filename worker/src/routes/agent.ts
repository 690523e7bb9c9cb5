/**
 * The agent inbox: `/agent` serves the page shell (its script is the built
 * `dist/console/agent.js`), and `/agent/api/*` is its JSON API, behind
 * `Authorization: Bearer <AGENT_TOKEN>`. Same-origin only: no CORS, no cookies.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { bearerGuard } from '../http/staff-auth';
import { serveShell, serveStylesheet, staffPageHeaders } from '../http/staff-page';
import { readJson } from '../http/body';
import { AppError } from '../http/errors';
import { draftReply } from '../services/agent-draft';
import { handBack, MIN_RESOLUTION_CHARS, replyToCase, resolveCase, type InboxDependencies, type InboxRefusal } from '../services/inbox';
import type { Context } from 'hono';
import { replayOptions } from './replay-options';
import { CASE_STATUSES, INBOX_SORTS, inboxPage } from '../services/inbox-list';
import { readHandoffPacket } from '../../../shared/handoff-packet';
import { reasonCode } from '../../../shared/reasons';
import type { CasePage, InboxCase } from '../../../shared/staff-api';

export const agent = new Hono<AppEnv>();

agent.use(staffPageHeaders());

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Switchboard inbox</title>
<link rel="stylesheet" href="/agent/agent.css">
</head>
<body>
<div id="app"><noscript>The inbox needs JavaScript.</noscript></div>
<script type="module" src="/console/agent.js"></script>
</body>
</html>
`;

const STYLES = `:root{color-scheme:light dark;--fg:#1b1f24;--muted:#5b6570;--bg:#fff;--panel:#f4f6f8;--line:#d6dbe0;--accent:#1f5fd1;--bad:#b3261e;font:15px/1.45 system-ui,sans-serif}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--muted:#a0a8b0;--bg:#15181c;--panel:#1e2227;--line:#343a41;--accent:#7aa7ff;--bad:#ff8a80}}
body{margin:0;color:var(--fg);background:var(--bg)}main{display:grid;grid-template-columns:minmax(260px,1fr) 2fr;min-height:100vh}
header{grid-column:1/-1;display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line)}header h1{font-size:1.1rem;margin:0;flex:1}
nav{border-right:1px solid var(--line);overflow:auto}nav ul{list-style:none;margin:0;padding:0}nav li button{all:unset;box-sizing:border-box;display:block;width:100%;padding:.6rem 1rem;border-bottom:1px solid var(--line);cursor:pointer}
nav li button:hover,nav li button[aria-current=true]{background:var(--panel)}nav li button:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
.status{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;border:1px solid var(--line);margin-right:.4rem}.status.new{border-color:var(--accent);color:var(--accent)}
.muted{color:var(--muted);font-size:.85rem}section{padding:1rem 1.5rem;overflow:auto}dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem}dt{color:var(--muted)}dd{margin:0}
.transcript{border:1px solid var(--line);border-radius:.4rem;padding:.5rem;max-height:40vh;overflow:auto}.turn{margin:.4rem 0}.turn b{text-transform:capitalize}.turn p,.answer p,.turn ul,.answer ul,.turn ol,.answer ol{margin:.2rem 0}.typed{white-space:pre-wrap}.answer pre,.turn pre{overflow-x:auto;background:var(--panel);padding:.4rem}
textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}
button.action{font:inherit;padding:.4rem .9rem;border-radius:.4rem;border:1px solid var(--line);background:var(--panel);color:var(--fg);cursor:pointer;margin:.4rem .4rem 0 0}
button.primary{background:var(--accent);color:#fff;border-color:var(--accent)}.error{color:var(--bad)}.banner{background:var(--panel);border-left:3px solid var(--bad);padding:.4rem .8rem;margin:.5rem 1rem}
form.login{max-width:24rem;margin:15vh auto;display:grid;gap:.6rem;padding:1rem}input{font:inherit;padding:.4rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}
header{flex-wrap:wrap}select{font:inherit;max-width:100%}.category,.reason{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;background:var(--panel);margin-right:.4rem}.reason{font-size:.85rem;margin:0 .3rem .2rem 0}
.status.urgent{border-color:var(--bad);color:var(--bad)}nav>.muted{padding:.4rem 1rem;margin:0}.pager{padding:0 1rem}button.back{display:none}
@media (max-width:720px){main{grid-template-columns:minmax(0,1fr);align-content:start}header{gap:.4rem .8rem;padding:.5rem .75rem}header h1{flex:1 0 100%}header .action{margin:0}nav{border-right:0}main.has-case nav{display:none}main:not(.has-case) section{display:none}button.back{display:inline-block;margin:0 0 .5rem}section{padding:.75rem}dl{grid-template-columns:minmax(0,1fr)}dt{margin-top:.4rem}h2{font-size:1.15rem;overflow-wrap:anywhere}.transcript{max-height:none}}
`;

agent.get('/', (c) => serveShell(c, SHELL));

agent.get('/agent.css', (c) => serveStylesheet(c, STYLES));

agent.use('/api/*', bearerGuard({ token: (config) => config.agentToken, variable: 'AGENT_TOKEN', realm: 'switchboard-agent', whenOff: { status: 503, code: 'upstream_unavailable' } }));

function inbox(c: Context<AppEnv>): InboxDependencies {
  const { store, tickets, email, log } = c.get('dependencies');
  return { store, tickets, email, log, publicUrl: c.get('config').publicUrl, replay: replayOptions(c) };
}

function refused({ reason }: InboxRefusal): AppError {
  if (reason === 'no-case') return new AppError(404, 'not_found', 'No such case in the inbox.');
  return new AppError(400, 'bad_request', `Invalid request: note: write a short resolution note (${MIN_RESOLUTION_CHARS} characters or more) so the assistant can learn from it.`);
}

async function requireCase(c: Context<AppEnv>): Promise<InboxCase> {
  const found = await c.get('dependencies').store.getCase(caseId(c));
  if (!found) throw refused({ ok: false, reason: 'no-case' });
  return found;
}

const CaseId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
function caseId(c: Context<AppEnv>): string {
  const result = v.safeParse(CaseId, c.req.param('id'));
  if (!result.success) throw new AppError(400, 'bad_request', 'Invalid request: id: not a case id.');
  return result.output;
}

/** How many cases one listing reads from the store, newest first; `total` counts within them. */
export const INBOX_SCAN_LIMIT = 5000;
const MAX_PAGE_SIZE = 200;

const whole = (name: string, min: number, max: number, fallback: number) =>
  v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/, `${name}: a whole number`), v.transform(Number), v.minValue(min, `${name}: at least ${min}`), v.maxValue(max, `${name}: at most ${max}`)), String(fallback));

const CasesQuerySchema = v.object({
  status: v.optional(v.picklist(CASE_STATUSES, `status: one of ${CASE_STATUSES.join(', ')}`)),
  category: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'category: a category code like billing'))),
  sort: v.optional(v.picklist(INBOX_SORTS, `sort: one of ${INBOX_SORTS.join(', ')}`), 'urgency'),
  page: whole('page', 1, 100_000, 1),
  pageSize: whole('pageSize', 1, MAX_PAGE_SIZE, 50),
});

/** One page of cases: `?status=&category=&sort=urgency|recent&page=1&pageSize=50`, with the total that matched. */
agent.get('/api/cases', async (c) => {
  const parsed = v.safeParse(CasesQuerySchema, c.req.query());
  if (!parsed.success) throw new AppError(400, 'bad_request', `Invalid request: ${parsed.issues[0].message}.`);
  const { store } = c.get('dependencies');
  const [cases, disabled] = await Promise.all([store.listCases(INBOX_SCAN_LIMIT), store.disabledDestinations().catch(() => ({}))]);
  return c.json({ ...inboxPage(cases, parsed.output), disabledDestinations: disabled } satisfies CasePage);
});

agent.get('/api/cases/:id', async (c) => {
  const { store } = c.get('dependencies');
  const found = await requireCase(c);
  const [conversation, messages, handoff] = await Promise.all([
    found.conversationId ? store.getConversation(found.conversationId) : undefined,
    found.conversationId ? store.getMessages(found.conversationId) : [],
    store.getHandoff(found.reference),
  ]);
  return c.json({
    case: { ...found, reasons: [...new Set(found.reasons.map(reasonCode))] },
    conversation: conversation ? { status: conversation.status, pageUrl: conversation.pageUrl ?? null, product: conversation.product ?? null, lang: conversation.lang ?? null } : null,
    messages,
    packet: handoff ? storedPacket(handoff.packet) : null,
    delivery: handoff ? { delivery: handoff.delivery, attempts: handoff.attempts, lastError: handoff.lastError ?? null, destinations: handoff.destinations ?? {} } : null,
  });
});

/** A stored packet as version 2 (a version 1 packet gets null triage); one that is neither is shown as stored. */
function storedPacket(packet: unknown): unknown {
  try {
    return readHandoffPacket(packet);
  } catch {
    return packet;
  }
}

agent.post('/api/cases/:id/draft', async (c) => {
  const config = c.get('config');
  const { store, retriever, model, log } = c.get('dependencies');
  const found = await requireCase(c);
  const messages = found.conversationId ? await store.getMessages(found.conversationId) : [];
  const draft = await draftReply(found, messages, {
    retriever,
    model,
    log,
    promptTokenBudget: config.promptTokenBudget,
    maxAnswerTokens: config.maxAnswerTokens,
    timeoutMs: Math.max(config.openaiTimeoutMs, config.retrievalTimeoutMs),
  });
  return c.json(draft);
});

const ReplySchema = v.strictObject({ text: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(8000)) });
agent.post('/api/cases/:id/reply', async (c) => {
  const { text } = await readJson(c, ReplySchema);
  const result = await replyToCase(caseId(c), text, inbox(c));
  if (!result.ok) throw refused(result);
  return c.json({ message: result.message, emailed: result.emailed }, 201);
});

agent.post('/api/cases/:id/hand-back', async (c) => {
  const result = await handBack(caseId(c), inbox(c));
  if (!result.ok) throw refused(result);
  return c.json({ ok: true });
});

const ResolveSchema = v.strictObject({ note: v.pipe(v.string(), v.trim(), v.maxLength(4000)) });
agent.post('/api/cases/:id/resolve', async (c) => {
  const { note } = await readJson(c, ResolveSchema);
  const result = await resolveCase(caseId(c), note, inbox(c));
  if (!result.ok) throw refused(result);
  return c.json({ ticket: result.ticket });
});

agent.post('/api/destinations/:name/enable', async (c) => {
  const name = c.req.param('name');
  if (!/^[a-z0-9-]{1,32}$/.test(name)) throw new AppError(400, 'bad_request', 'Invalid request: name: not a destination.');
  await c.get('dependencies').store.setDestinationDisabled(name, undefined);
  return c.json({ ok: true });
});
