/**
 * Composition only: middleware, routes, and the one error handler.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { ErrorBody } from '../../shared/protocol';
import { configFrom } from './config';
import { resolveDependencies, type Dependencies } from './dependencies';
import type { AppEnv } from './env';
import { apiCors } from './http/cors';
import { describeError } from './http/errors';
import { safeLogLine } from './log/log-line';
import { admin } from './routes/admin';
import { agent } from './routes/agent';
import { queueHandler, scheduledHandler, sweepOnFirstRequest } from './background';
import { assets } from './routes/assets';
import { chat } from './routes/chat';
import { conversations } from './routes/conversations';
import { feedback } from './routes/feedback';
import { handoff } from './routes/handoff';
import { embedCheck } from './routes/embed-check';
import { publicConfig } from './routes/public-config';

export interface AppOptions {
  /** Replace adapters (tests); everything else comes from env. */
  dependencies?: (defaults: Dependencies) => Dependencies;
}

export function createApp(options: AppOptions = {}) {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(async function loadConfig(c, next) {
    const config = configFrom(c.env ?? {});
    c.set('config', config);
    const defaults = resolveDependencies(c.env ?? {}, config);
    c.set('dependencies', options.dependencies ? options.dependencies(defaults) : defaults);
    await next();
  });
  app.use(sweepOnFirstRequest());
  // Before the API's CORS: readable from a refused origin too, so its widget can say why.
  app.use('/v1/embed-check', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.route('/v1/embed-check', embedCheck);
  app.use('/v1/*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }), apiCors());

  app.get('/v1/health', (c) => c.json({ status: 'ok' }));
  app.route('/v1/config', publicConfig);
  app.route('/v1/chat', chat);
  app.route('/v1/handoff', handoff);
  app.route('/v1/conversations', conversations);
  app.route('/v1/feedback', feedback);
  app.route('/admin', admin);
  app.route('/agent', agent);
  app.route('/', assets);

  app.notFound((c) => {
    const body: ErrorBody = { error: { code: 'not_found', message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`, requestId: c.get('requestId') ?? '' } };
    return c.json(body, 404);
  });

  app.onError((error, c) => {
    const { status, code, message, headers } = describeError(error);
    if (status >= 500) console.error(safeLogLine(`[switchboard] ${c.req.method} ${new URL(c.req.url).pathname} answered ${status} ${code} (${error.name})`));
    const body: ErrorBody = { error: { code, message, requestId: c.get('requestId') ?? '' } };
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.json(body, status);
  });

  return app;
}

const app = createApp();

/** HTTP, the handoff delivery queue (and its dead-letter queue), and the cron sweep of the outbox. */
export default { fetch: app.fetch, queue: queueHandler, scheduled: scheduledHandler };
