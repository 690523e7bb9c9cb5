import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { bearerGuard } from '../http/staff-auth';
import { serveShell, serveStylesheet, staffPageHeaders } from '../http/staff-page';
import { readJson } from '../http/body';
import { AppError } from '../http/errors';
import { categoriesCsv, conversationsCsv, metricsCsv } from '../services/csv-export';
import { outcomeOptions } from '../services/measurement';
import { buildReport } from '../services/metrics';
import { loadReviewQueue, REVIEW_CAUSES } from '../services/review';
import { ADMIN_CSS, ADMIN_HTML } from './admin-page';
import type { DocsSyncView } from '../../../shared/staff-api';

export const admin = new Hono<AppEnv>();

const DAY_MS = 86_400_000;
const MAX_DAYS = 92;
const MAX_CONVERSATIONS = 20_000;

admin.use(staffPageHeaders());

/** The page shell: no data, no inline script. The token is typed into the page and sent as a Bearer header. */
admin.get('/', (c) => {
  if (!c.get('config').adminToken) throw new AppError(404, 'not_found', 'The admin dashboard is turned off: set ADMIN_TOKEN to turn it on.');
  return serveShell(c, ADMIN_HTML);
});

admin.get('/admin.css', (c) => serveStylesheet(c, ADMIN_CSS));

admin.use('/api/*', bearerGuard({ token: (config) => config.adminToken, variable: 'ADMIN_TOKEN', realm: 'switchboard-admin', whenOff: { status: 404, code: 'not_found' } }));

/** `from`/`to` as UTC days (YYYY-MM-DD, `to` inclusive) or ISO timestamps; the last 30 days by default. */
export function parseRange(from: string | undefined, to: string | undefined, now: number): { from: number; to: number } {
  const end = to ? parseInstant(to, 'to', true) : Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const start = from ? parseInstant(from, 'from', false) : end - 30 * DAY_MS;
  if (start >= end) throw new AppError(400, 'bad_request', 'Invalid request: from: must be before to.');
  if (end - start > MAX_DAYS * DAY_MS) throw new AppError(400, 'bad_request', `Invalid request: the range is longer than ${MAX_DAYS} days.`);
  return { from: start, to: end };
}

function parseInstant(value: string, name: string, endOfDay: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = Date.parse(`${value}T00:00:00Z`);
    if (Number.isFinite(day)) return endOfDay ? day + DAY_MS : day;
  } else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) && Number.isFinite(Date.parse(value))) {
    return Date.parse(value);
  }
  throw new AppError(400, 'bad_request', `Invalid request: ${name}: use a date like 2026-03-01 or an ISO time like 2026-03-01T12:00:00Z.`);
}

async function load(c: Context<AppEnv>) {
  const now = Date.now();
  const range = parseRange(c.req.query('from'), c.req.query('to'), now);
  const config = c.get('config');
  const targets = { containmentWithAssumed: config.targetContainment, escalationRate: config.targetEscalation, csat: config.targetCsat };
  const options = { ...outcomeOptions(config), now, assumedResolutionHours: config.assumedResolutionHours, targets };
  try {
    const conversations = await c.get('dependencies').store.listConversations({ ...range, limit: MAX_CONVERSATIONS });
    return { range, options, conversations };
  } catch (error) {
    throw new AppError(503, 'upstream_unavailable', 'The conversation store is unavailable; try again in a minute.', { cause: error });
  }
}

/** The dashboard's numbers as JSON: exactly what the charts draw. */
admin.get('/api/metrics', async (c) => {
  const { range, options, conversations } = await load(c);
  return c.json(buildReport(conversations, range, options));
});

admin.get('/api/review', async (c) => {
  const now = Date.now();
  const range = parseRange(c.req.query('from'), c.req.query('to'), now);
  try {
    return c.json(await loadReviewQueue(c.get('dependencies').store, range, { ...outcomeOptions(c.get('config')), now, limit: 100 }));
  } catch (error) {
    throw new AppError(503, 'upstream_unavailable', 'The conversation store is unavailable; try again in a minute.', { cause: error });
  }
});

/** The docs sync: configured or not, the last finished run and the one in progress. */
admin.get('/api/docs-sync', async (c) => {
  const config = c.get('config');
  const sync = c.get('dependencies').docsSync;
  if (!config.docsSyncUrl || !sync) return c.json({ configured: false } satisfies DocsSyncView);
  try {
    const [last, running] = await Promise.all([sync.state.readLast(), sync.state.readRunning()]);
    const view: DocsSyncView = {
      configured: true,
      url: config.docsSyncUrl,
      cron: config.docsSyncCron,
      ...(last ? { last } : {}),
      ...(running ? { running } : {}),
    };
    return c.json(view);
  } catch (error) {
    throw new AppError(503, 'upstream_unavailable', 'The sync state (Redis) is unavailable; try again in a minute.', { cause: error });
  }
});

const CauseSchema = v.strictObject({ cause: v.nullable(v.picklist(REVIEW_CAUSES)) });

/** The reviewer's verdict on one conversation (null clears it). */
admin.post('/api/review/:id', async (c) => {
  const { cause } = await readJson(c, CauseSchema);
  const id = c.req.param('id');
  const { store } = c.get('dependencies');
  if (!/^[A-Za-z0-9_-]{22,64}$/.test(id) || !(await store.getConversation(id))) throw new AppError(404, 'not_found', 'No such conversation.');
  await store.updateConversation(id, { reviewCause: cause ?? '' });
  return c.body(null, 204);
});

admin.get('/api/export/conversations.csv', async (c) => {
  const { options, conversations } = await load(c);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', 'attachment; filename="switchboard-conversations.csv"');
  return c.body(conversationsCsv(conversations, options));
});

admin.get('/api/export/metrics.csv', async (c) => {
  const { range, options, conversations } = await load(c);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', 'attachment; filename="switchboard-metrics.csv"');
  return c.body(metricsCsv(buildReport(conversations, range, options)));
});

admin.get('/api/export/categories.csv', async (c) => {
  const { range, options, conversations } = await load(c);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', 'attachment; filename="switchboard-categories.csv"');
  return c.body(categoriesCsv(buildReport(conversations, range, options)));
});
