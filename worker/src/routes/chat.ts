/** POST /v1/chat: limits, the visitor's identity, then the turn service's events as an SSE stream. */
import { Hono } from 'hono';
import { ChatRequestSchema } from '../../../shared/protocol';
import type { AppEnv } from '../env';
import { readJson } from '../http/body';
import { AppError, notYourConversation } from '../http/errors';
import { eventStream } from '../http/event-stream';
import { clientIp, enforceLimits, enforceSiteLimit } from '../http/visitor';
import { verifiedCustomer } from '../services/identity';
import { MESSAGES } from '../services/messages';
import { smallTalk } from '../services/small-talk';
import { startTurn, type TurnRefusal } from '../services/turn';
import { turnDependencies } from './turn-options';

export const chat = new Hono<AppEnv>();

function refused(reason: TurnRefusal): AppError {
  if (reason === 'token-required') return new AppError(400, 'bad_request', 'Invalid request: conversationToken: required with conversationId.');
  return notYourConversation();
}

chat.post('/', async (c) => {
  const request = await readJson(c, ChatRequestSchema);
  const { limits } = c.get('dependencies');
  const ip = clientIp(c);
  // Before any store, retrieval or model call: a flood costs us nothing.
  // Small talk makes no retrieval or model call, so it does not spend the site's limit.
  const [, network] = await enforceLimits([
    [limits.visitor, `${ip}|${request.conversationId ?? 'new'}`],
    [limits.network, ip],
  ], MESSAGES.rateLimited);
  if (!smallTalk(request.message)) await enforceSiteLimit(limits.site, limits.siteReserve, network!, MESSAGES.rateLimited);
  const customer = await verifiedCustomer(request.userToken, c.get('config'), c.get('dependencies').log);
  const upstream = new AbortController();
  const turn = await startTurn({ ...request, customer, now: Date.now(), signal: upstream.signal }, turnDependencies(c));
  if (!turn.ok) throw refused(turn.reason);
  return eventStream(c, turn.events, upstream);
});
