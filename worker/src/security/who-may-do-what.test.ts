/**
 * Who may do what: staff routes, CORS, no IDOR, identity tokens, the OpenAI
 * client's log level, response headers and the pinned hono version.
 * (CORS on /v1/config is also in routes/public-config.test.ts; identity token
 * parsing in services/identity.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useOpenAITestServer } from '../../../test/use-openai-test-server';
import { OpenAIChatModel } from '../adapters/openai-chat-model';
import { parseConfig } from '../config';
import { resolveDependencies } from '../dependencies';
import { signIdentityToken } from '../services/identity';
import { json, readEvents } from '../../../test/test-support';
import { captureConsole, securityApp, SECRETS } from '../../../test/security-harness';

const llm = useOpenAITestServer();

const staffEnv = { ADMIN_TOKEN: SECRETS.ADMIN_TOKEN, AGENT_TOKEN: SECRETS.AGENT_TOKEN, ALLOWED_ORIGINS: 'https://shop.example' };
const STAFF_ROUTES = [
  ['/admin/api/metrics', SECRETS.ADMIN_TOKEN],
  // The agent inbox lists cases at /agent/api/cases (there is no /agent/api/conversations).
  ['/agent/api/cases', SECRETS.AGENT_TOKEN],
] as const;

describe('admin and agent routes', () => {
  it.each(STAFF_ROUTES)('%s: the right bearer token gets in (control)', async (path, token) => {
    const { request } = await securityApp({ env: staffEnv });
    const response = await request(path, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });

  it.each(STAFF_ROUTES)('%s: no token, a wrong one, a wrong-length one, the other role’s, or one in the query string get 401/403', async (path, token) => {
    const { request } = await securityApp({ env: staffEnv });
    const other = token === SECRETS.ADMIN_TOKEN ? SECRETS.AGENT_TOKEN : SECRETS.ADMIN_TOKEN;
    const attempts: [string, RequestInit][] = [
      [path, {}],
      [path, { headers: { authorization: `Bearer ${token.slice(0, -1)}X` } }],
      [path, { headers: { authorization: `Bearer ${token}extra` } }],
      [path, { headers: { authorization: `Bearer ${token.slice(0, 8)}` } }],
      [path, { headers: { authorization: `Bearer ${other}` } }],
      [path, { headers: { authorization: `Basic ${btoa(`admin:${token}`)}` } }],
      [path, { headers: { authorization: token } }],
      [`${path}?token=${encodeURIComponent(token)}`, {}],
      [`${path}?access_token=${encodeURIComponent(token)}`, {}],
    ];
    for (const [url, init] of attempts) {
      const response = await request(url, init);
      expect([401, 403], `${url} ${JSON.stringify(init)}`).toContain(response.status);
      const body = await response.text();
      expect(body).not.toContain(token);
    }
  });

  it.each(STAFF_ROUTES)('%s: a CORS preflight from another origin is not allowed', async (path) => {
    const { request } = await securityApp({ env: staffEnv });
    for (const origin of ['https://evil.example', 'https://shop.example', 'null']) {
      const response = await request(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.status).not.toBe(200);
    }
  });

  it('the token comparisons are constant-time (no early exit on the first differing byte)', () => {
    for (const file of ['staff-auth.ts']) {
      const source = readFileSync(join(import.meta.dirname, '..', 'http', file), 'utf8');
      expect(source, file).toMatch(/timingSafeEqual|crypto\.subtle\.(verify|sign)|\^/);
      expect(source, file).not.toMatch(/===\s*(expected|token|secret)\b|\b(expected|token|secret)\s*===/);
    }
  });
});

describe('CORS on the public API', () => {
  it('POST /v1/chat from an off-list, null or look-alike origin is never echoed, and always varies on Origin', async () => {
    const { request } = await securityApp({ env: { ALLOWED_ORIGINS: 'https://shop.example' } });
    for (const origin of ['https://evil.example', 'null', 'https://shop.example.evil.example', 'http://shop.example', 'https://shop.example:8443', '*']) {
      const response = await request('/v1/chat', json({ message: 'hi there' }, { origin }));
      await response.text();
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(response.headers.get('vary')).toMatch(/origin/i);
      const preflight = await request('/v1/handoff', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    const allowed = await request('/v1/chat', json({ message: 'hi there' }, { origin: 'https://shop.example' }));
    await allowed.text();
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('no IDOR', () => {
  it('conversation ids carry ≥ 128 random bits and tokens ≥ 256, all distinct', async () => {
    const { request } = await securityApp({ env: { RATE_LIMIT_VISITOR_PER_MINUTE: '1000' } });
    const ids = new Set<string>();
    const tokens = new Set<string>();
    for (let index = 0; index < 50; index++) {
      const start = (await readEvents(await request('/v1/chat', json({ message: 'I want to talk to a person' }))))[0];
      if (start?.type !== 'start') throw new Error('no start');
      expect(start.conversationId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(start.conversationToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      ids.add(start.conversationId);
      tokens.add(start.conversationToken);
    }
    expect(ids.size).toBe(50);
    expect(tokens.size).toBe(50);
  });

  it('visitor B cannot read, continue, vote on or hand off visitor A’s conversation, and A’s is unchanged', async () => {
    const { request, store } = await securityApp();
    const chat = async () => {
      const start = (await readEvents(await request('/v1/chat', json({ message: 'How long is the password reset link valid?' }))))[0];
      if (start?.type !== 'start') throw new Error('no start');
      return start;
    };
    const a = await chat();
    const b = await chat();
    const before = await store.getMessages(a.conversationId);
    const asB = { conversationId: a.conversationId, conversationToken: b.conversationToken };
    expect((await request(`/v1/conversations/${a.conversationId}`, { headers: { 'x-conversation-token': b.conversationToken } })).status).toBe(403);
    expect((await request('/v1/chat', json({ message: 'hijack', ...asB }))).status).toBe(403);
    expect((await request('/v1/handoff', json({ email: 'b@example.com', ...asB }))).status).toBe(403);
    const vote = await request('/v1/feedback', json({ ...asB, messageId: before.at(-1)?.id ?? 'x', rating: 'down', vote: 'down' }));
    expect([400, 403]).toContain(vote.status);
    expect(await store.getMessages(a.conversationId)).toEqual(before);
    expect((await store.getConversation(a.conversationId))?.status).toBe('ai');
  });
});

describe('identity tokens at the routes', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const b64 = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const claims = () => ({ sub: 'user_42', name: 'Grace Hopper', email: 'grace@example.com', plan: 'enterprise', exp: now() + 600 });

  async function customerBlock(userToken: string) {
    llm.setScenario({});
    const { request } = await securityApp({ env: { IDENTITY_SECRET: SECRETS.IDENTITY_SECRET, OPENAI_API_KEY: SECRETS.OPENAI_API_KEY, OPENAI_BASE_URL: llm.url } });
    llm.requests.length = 0;
    await readEvents(await request('/v1/chat', json({ message: 'What is the keyboard shortcut to search all my notes?', userToken })));
    const system = llm.requests[0]?.body.messages?.[0]?.content ?? '';
    const handoff = await request('/v1/handoff', json({ userToken }));
    return { system, handoffStatus: handoff.status };
  }

  it('a valid token makes a verified customer (control)', async () => {
    const { system, handoffStatus } = await customerBlock(await signIdentityToken(claims(), SECRETS.IDENTITY_SECRET));
    expect(system).toContain('<customer verified="true">');
    expect(system).toContain('plan: enterprise');
    expect(handoffStatus).toBe(201);
  });

  it.each([
    ['forged (signed with another secret)', async () => signIdentityToken(claims(), 'attacker-secret-0123456789')],
    ['expired', async () => signIdentityToken({ ...claims(), exp: now() - 3600 }, SECRETS.IDENTITY_SECRET)],
    ['alg: none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['alg: none with a signature', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.${(await signIdentityToken(claims(), SECRETS.IDENTITY_SECRET)).split('.')[2]}`],
    ['alg: HS512 header on an HS256 signature', async () => {
      const [, payload, signature] = (await signIdentityToken(claims(), SECRETS.IDENTITY_SECRET)).split('.');
      return `${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`;
    }],
    ['a tampered payload', async () => {
      const [header, , signature] = (await signIdentityToken(claims(), SECRETS.IDENTITY_SECRET)).split('.');
      return `${header}.${b64({ ...claims(), plan: 'free', internal: true })}.${signature}`;
    }],
  ])('%s: rejected — anonymous in the prompt, and its email is not trusted for a handoff', async (_name, make) => {
    const { system, handoffStatus } = await customerBlock(await make());
    expect(system).toContain('No verified customer');
    expect(system).not.toContain('enterprise');
    expect(handoffStatus).toBe(400);
  });
});

describe('the OpenAI client never logs at debug level in production', () => {
  const saved = process.env.OPENAI_LOG;
  afterEach(() => {
    if (saved === undefined) delete process.env.OPENAI_LOG;
    else process.env.OPENAI_LOG = saved;
  });

  it('OPENAI_LOG=debug cannot raise the adapter’s level above warn', () => {
    process.env.OPENAI_LOG = 'debug';
    const model = new OpenAIChatModel({ apiKey: SECRETS.OPENAI_API_KEY, model: 'm', timeoutMs: 1000, maxRetries: 0 });
    expect((model as unknown as { client: { logLevel: string } }).client.logLevel).toBe('warn');
  });

  it('the production composition builds the model at warn, and a request with OPENAI_LOG=debug logs no body, header or key', async () => {
    process.env.OPENAI_LOG = 'debug';
    const env = { ENVIRONMENT: 'production', UPSTASH_REDIS_REST_URL: 'https://redis.invalid', UPSTASH_REDIS_REST_TOKEN: SECRETS.UPSTASH_REDIS_REST_TOKEN, OPENAI_API_KEY: SECRETS.OPENAI_API_KEY };
    const dependencies = resolveDependencies(env, parseConfig(env));
    expect((dependencies.model as unknown as { client: { logLevel: string } }).client.logLevel).toBe('warn');

    const { request } = await securityApp({ env: { OPENAI_API_KEY: SECRETS.OPENAI_API_KEY, OPENAI_BASE_URL: llm.url } });
    const capture = captureConsole();
    try {
      await readEvents(await request('/v1/chat', json({ message: 'What is the keyboard shortcut to search all my notes? my card is 4242' })));
    } finally {
      capture.restore();
    }
    expect(llm.requests).toHaveLength(1);
    const output = capture.lines.join('\n');
    expect(output).not.toContain(SECRETS.OPENAI_API_KEY);
    expect(output).not.toContain('4242');
    expect(output).not.toMatch(/\[debug\]|authorization/i);
  });
});

describe('headers', () => {
  const assets = { fetch: async () => new Response('console.log("widget")', { status: 200, headers: { 'content-type': 'application/javascript' } }) };

  it('the API carries secure headers and same-origin CORP', async () => {
    const { request } = await securityApp();
    for (const path of ['/v1/config', '/v1/health', '/v1/nope']) {
      const response = await request(path);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
      expect(response.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('the admin and agent pages carry secure headers, a CSP that forbids framing, and no cross-origin CORP', async () => {
    const { app, env } = await securityApp({ env: staffEnv });
    for (const path of ['/admin', '/admin/api/metrics', '/agent', '/agent/api/cases']) {
      const response = await app.request(path, {}, { ...env, ASSETS: assets });
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('cross-origin-resource-policy'), path).not.toBe('cross-origin');
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      if (path === '/admin' || path === '/agent') expect(response.headers.get('content-security-policy') ?? response.headers.get('x-frame-options'), path).toMatch(/frame-ancestors 'none'|DENY|SAMEORIGIN/);
    }
  });

  it('Cross-Origin-Resource-Policy: cross-origin is on the widget scripts and nowhere else', async () => {
    const { app, env } = await securityApp({ env: staffEnv });
    const withAssets = { ...env, ASSETS: assets };
    // The panel's parts loaded on first use (widget-render.<lang>.js, widget-feedback.<lang>.js) are widget scripts too.
    for (const path of ['/widget.js', '/widget-panel.js', '/widget-panel.en.js', '/widget-render.en.js', '/widget-feedback.ar.js']) {
      const response = await app.request(path, {}, withAssets);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    for (const path of ['/v1/config', '/v1/health', '/admin', '/agent', '/index/docs.json', '/widget.json', '/widget.js.map', '/nope']) {
      const response = await app.request(path, {}, withAssets);
      expect(response.headers.get('cross-origin-resource-policy'), path).not.toBe('cross-origin');
    }
    expect((await app.request('/index/docs.json', {}, withAssets)).status).toBe(404);
  });
});

/**
 * hono advisories this app's code paths touch, and the first version that fixed each:
 *   GHSA-2234-fmw7-43wr (CVE-2024-48913) CSRF middleware bypass without Content-Type — fixed in 4.6.5;
 *   GHSA-q7jf-gf43-6x6p  Vary header injection → CORS bypass                          — fixed in 4.10.3;
 *   GHSA-9vqf-7f2p-gf9v  bodyLimit() bypass for chunked / unknown-length bodies        — fixed in 4.12.16;
 *   GHSA-g6gw-c38x-mqfc  unbounded dot-notation nesting in parseBody()                 — fixed in 4.13.5.
 * (github.com/honojs/hono/security/advisories; versions as published with each advisory.)
 */
const HONO_FIXED = '4.13.5';

function compareVersions(a: string, b: string): number {
  const left = a.split(/[.+-]/).slice(0, 3).map(Number);
  const right = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let index = 0; index < 3; index++) if (left[index] !== right[index]) return (left[index] ?? 0) - (right[index] ?? 0);
  return 0;
}

describe('hono is pinned at or above every advisory fix', () => {
  const root = join(import.meta.dirname, '..', '..', '..');
  it(`package.json pins an exact version ≥ ${HONO_FIXED}, the lockfile and node_modules agree`, () => {
    const pinned = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.hono!;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const locked = lock.packages['node_modules/hono']?.version ?? '';
    const installed = (JSON.parse(readFileSync(join(root, 'node_modules', 'hono', 'package.json'), 'utf8')) as { version: string }).version;
    expect(locked).toBe(pinned);
    expect(installed).toBe(pinned);
    expect(compareVersions(installed, HONO_FIXED)).toBeGreaterThanOrEqual(0);
    // Any other hono in the tree (a dependency's own copy) must be fixed too.
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path.endsWith('node_modules/hono') && entry.version) expect(compareVersions(entry.version, HONO_FIXED), path).toBeGreaterThanOrEqual(0);
    }
  });
});
