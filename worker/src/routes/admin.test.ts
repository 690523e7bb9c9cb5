import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../adapters/memory-store';
import type { Conversation } from '../ports';
import { buildReport } from '../services/metrics';
import { json, readEvents, testApp } from '../../../test/test-support';

const TOKEN = 'adm1n-t0ken-for-tests-0123456789';
const env = { ADMIN_TOKEN: TOKEN };
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('admin routes: authentication', () => {
  it.each([
    ['no token', {}],
    ['a wrong token of the same length', bearer(TOKEN.replace('0', '9'))],
    ['a wrong token of another length', bearer(`${TOKEN}x`)],
    ['a short token', bearer('x')],
    ['another scheme', { headers: { authorization: `Basic ${btoa(`admin:${TOKEN}`)}` } }],
  ])('refuses %s with 401 and a Bearer challenge', async (_, init) => {
    const { request } = await testApp({ env });
    const response = await request('/admin/api/metrics', init);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses the token in the query string, even alongside a valid header', async () => {
    const { request } = await testApp({ env });
    expect((await request(`/admin/api/metrics?token=${TOKEN}`)).status).toBe(401);
    expect((await request(`/admin/api/metrics?access_token=${TOKEN}`, bearer(TOKEN))).status).toBe(401);
  });

  it('accepts the right Bearer token, sets no cookie and forbids caching', async () => {
    const { request } = await testApp({ env });
    const response = await request('/admin/api/metrics', bearer(TOKEN));
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('is off (404) without ADMIN_TOKEN, whatever is sent', async () => {
    const { request } = await testApp();
    expect((await request('/admin')).status).toBe(404);
    expect((await request('/admin/api/metrics', bearer('anything-at-all-long-enough'))).status).toBe(404);
  });

  it('serves the page shell with a strict CSP and no inline script', async () => {
    const { request } = await testApp({ env });
    const response = await request('/admin');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/console/admin.js"></script>');
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

const DAY = Date.UTC(2026, 2, 1);
const seed = (id: string, fields: Partial<Conversation>): Conversation => ({ id: id.padEnd(22, '0'), tokenHash: 'h', createdAt: DAY, updatedAt: DAY, status: 'ai', product: 'lumen', cohort: 'ai', ...fields });

describe('admin routes: data', () => {
  it('GET /admin/api/metrics returns the same numbers the dashboard draws, for the range asked', async () => {
    const store = new MemoryStore();
    const conversations = [
      seed('a', { outcome: 'resolved-confirmed', outcomeAt: DAY + 60_000, firstResponseAt: DAY + 1000, csat: 5 }),
      seed('b', { createdAt: DAY + 3_600_000, outcome: 'escalated', outcomeAt: DAY + 3_601_000, escalatedAt: DAY + 3_601_000, csat: 2 }),
      seed('c', { createdAt: DAY + 86_400_000 * 5, outcome: 'resolved-confirmed', outcomeAt: DAY + 86_400_000 * 5 }),
    ];
    for (const conversation of conversations) await store.createConversation(conversation);
    const { request } = await testApp({ env, store });
    const response = await request('/admin/api/metrics?from=2026-03-01&to=2026-03-02', bearer(TOKEN));
    const report = await response.json();
    expect(report.days.map((day: { date: string }) => day.date)).toEqual(['2026-03-01', '2026-03-02']);
    expect(report.cohorts.ai).toMatchObject({ conversations: 2, ended: 2, containment: 0.5, escalationRate: 0.5, csat: { responses: 2, average: 3.5, satisfied: 0.5 } });
    const expected = buildReport(conversations.slice(0, 2), { from: DAY, to: DAY + 2 * 86_400_000 }, {
      now: Date.now(),
      assumedAfterMs: 24 * 3_600_000,
      reopenWithinMs: 72 * 3_600_000,
      assumedResolutionHours: 24,
      targets: { containmentWithAssumed: { min: 0.5, max: 0.8 }, escalationRate: { min: 0.2, max: 0.4 }, csat: { min: 0.8, max: 1 } },
    });
    expect({ ...report, generatedAt: '' }).toEqual({ ...JSON.parse(JSON.stringify(expected)), generatedAt: '' });
  });

  it('draws and warns on the bands set by TARGET_* variables', async () => {
    const { request } = await testApp({ env: { ...env, TARGET_CONTAINMENT: '60-90', TARGET_ESCALATION: '10-30', TARGET_CSAT: '70-100' } });
    const report = await (await request('/admin/api/metrics', bearer(TOKEN))).json();
    expect(report.targets).toEqual({ containmentWithAssumed: { min: 0.6, max: 0.9 }, escalationRate: { min: 0.1, max: 0.3 }, csat: { min: 0.7, max: 1 } });
  });

  it('refuses a malformed or too long range', async () => {
    const { request } = await testApp({ env });
    expect((await request('/admin/api/metrics?from=yesterday', bearer(TOKEN))).status).toBe(400);
    expect((await request('/admin/api/metrics?from=2026-01-01&to=2026-12-31', bearer(TOKEN))).status).toBe(400);
    expect((await request('/admin/api/metrics?from=2026-03-05&to=2026-03-01', bearer(TOKEN))).status).toBe(400);
  });

  it('exports conversations and daily metrics as CSV, defusing formula cells', async () => {
    const store = new MemoryStore();
    await store.createConversation(seed('a', { outcome: 'resolved-confirmed', outcomeAt: DAY + 60_000, csat: 1, csatComment: '=HYPERLINK("http://evil")', triage: { category: 'billing', sentiment: 'negative', urgency: 'high', summary: '-wants a refund', lang: 'en' } }));
    const { request } = await testApp({ env, store });
    const conversations = await request('/admin/api/export/conversations.csv?from=2026-03-01&to=2026-03-01', bearer(TOKEN));
    expect(conversations.headers.get('content-type')).toContain('text/csv');
    const lines = (await conversations.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"id","created_at","product","cohort","outcome","outcome_at","first_response_ms","resolution_ms","csat","csat_comment","review","review_cause","category","sentiment","urgency","summary"');
    expect(lines[1]).toBe(`"${'a'.padEnd(22, '0')}","2026-03-01T00:00:00.000Z","lumen","ai","resolved-confirmed","2026-03-01T00:01:00.000Z","","60000","1","'=HYPERLINK(""http://evil"")","low-csat","","billing","negative","high","'-wants a refund"`);
    const metrics = await (await request('/admin/api/export/metrics.csv?from=2026-03-01&to=2026-03-01', bearer(TOKEN))).text();
    expect(metrics.split('\r\n')[1]).toBe('"2026-03-01","1","1","1","0","0","0","0","0","0","1","1","0","1","1","0","60000","",""');
    const categories = (await (await request('/admin/api/export/categories.csv?from=2026-03-01&to=2026-03-01', bearer(TOKEN))).text()).trim().split('\r\n');
    expect(categories).toEqual([
      '"category","conversations","ended","open","containment","containment_with_assumed","escalation_rate","csat_responses","csat_average","csat_satisfied"',
      '"billing","1","1","0","1","1","0","1","1","0"',
    ]);
  });

  it('puts a 👎 conversation in the review queue with transcript and sources, and records the reviewer’s cause', async () => {
    const { request, store } = await testApp({ env });
    const events = await readEvents(await request('/v1/chat', json({ message: 'How long is the password reset link valid?' })));
    const start = events[0]!;
    if (start.type !== 'start') throw new Error('no start');
    const own = { conversationId: start.conversationId, conversationToken: start.conversationToken };
    await request('/v1/feedback', json({ ...own, messageId: start.messageId, rating: 'down', reason: 'wrong' }));
    await request('/v1/feedback', json({ ...own, csat: 2 }));
    const unsure = await readEvents(await request('/v1/chat', json({ message: 'Does the editor support LaTeX math formulas?' })));

    const queue = await (await request('/admin/api/review', bearer(TOKEN))).json();
    const item = queue.items.find((entry: { id: string }) => entry.id === own.conversationId);
    expect(item.reasons).toEqual(['down', 'low-csat']);
    expect(item.feedback).toMatchObject([{ rating: 'down', reason: 'wrong' }]);
    expect(item.transcript.map((turn: { role: string }) => turn.role)).toEqual(['visitor', 'assistant']);
    expect(item.transcript[1].sources[0].url).toContain('/docs/account/reset-password');
    expect(queue.items.some((entry: { reasons: string[] }) => entry.reasons.includes('not-sure'))).toBe(true);
    expect(unsure.length).toBeGreaterThan(0);
    expect(queue.topUnanswered.map((entry: { question: string }) => entry.question)).toEqual(
      expect.arrayContaining(['How long is the password reset link valid?', 'Does the editor support LaTeX math formulas?']),
    );

    const marked = await request(`/admin/api/review/${own.conversationId}`, { ...json({ cause: 'wrong-doc' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
    expect(marked.status).toBe(204);
    expect((await store.getConversation(own.conversationId))?.reviewCause).toBe('wrong-doc');
    const bad = await request(`/admin/api/review/${own.conversationId}`, { ...json({ cause: 'bad-luck' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
    expect(bad.status).toBe(400);
    const unauthenticated = await request(`/admin/api/review/${own.conversationId}`, json({ cause: 'missing-doc' }));
    expect(unauthenticated.status).toBe(401);
  });
});

describe('GET /admin/api/docs-sync', () => {
  it('needs the admin token, and says the sync is off without DOCS_SYNC_URL', async () => {
    const { request } = await testApp({ env });
    expect((await request('/admin/api/docs-sync')).status).toBe(401);
    const response = await request('/admin/api/docs-sync', bearer(TOKEN));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ configured: false });
  });
});
