/**
 * The agent inbox through HTTP on real parts: auth, the case list and packet,
 * AI drafts, replies that reach the visitor's conversation (and email),
 * the AI staying quiet while a person has the conversation, and resolutions
 * that later answers cite as resolved cases.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver';
import type { ConversationView, Source } from '../../../shared/protocol';
import type { InboxCase } from '../ports/support-store';
import { WebhookSink } from '../adapters/webhook-sink';
import { startOpenAITestServer } from '../../../test/openai-test-server';
import { json, readEvents, testApp, testModel, textOf } from '../../../test/test-support';

const TOKEN = 'agent-secret-0123456789-abcdefghij';
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let mailer: WebhookReceiver;
beforeAll(async () => {
  mailer = await startWebhookReceiver({ secret });
});
afterAll(() => mailer.close());
beforeEach(() => mailer.reset());

const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });

async function setup(env: Record<string, string> = {}, options: Partial<Parameters<typeof testApp>[0]> = {}) {
  const app = await testApp({ env: { AGENT_TOKEN: TOKEN, ...env }, email: new WebhookSink({ url: mailer.url, secret }), ...options });
  const agent = (path: string, init: RequestInit = {}) => app.request(`/agent/api${path}`, { ...init, headers: { ...auth(), ...(init.headers as Record<string, string>) } });
  const post = (path: string, body: unknown = {}) => agent(path, { ...json(body), headers: { ...json(body).headers as Record<string, string>, ...auth() } });
  return { ...app, agent, post };
}

async function escalated(app: Awaited<ReturnType<typeof setup>>, question = 'When I print an exported PDF from the Windows app every page is blank') {
  const events = await readEvents(await app.request('/v1/chat', json({ message: question, product: 'lumen' })));
  const start = events[0];
  if (start?.type !== 'start') throw new Error('no start');
  const response = await app.request('/v1/handoff', json({ conversationId: start.conversationId, conversationToken: start.conversationToken, name: 'Ada Lovelace', email: 'ada@example.com', note: 'Urgent, call +44 20 7946 0958' }));
  expect(response.status).toBe(201);
  const { reference } = (await response.json()) as { reference: string };
  return { conversationId: start.conversationId, token: start.conversationToken, reference };
}

const view = async (app: Awaited<ReturnType<typeof setup>>, id: string, token: string) =>
  (await (await app.request(`/v1/conversations/${id}`, { headers: { 'x-conversation-token': token } })).json()) as ConversationView;

describe('/agent', () => {
  it('serves the page shell with a strict CSP, no inline script and no cookies', async () => {
    const { request } = await setup();
    const response = await request('/agent');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/console/agent.js"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/style=/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses the API without the bearer token, with a wrong one, and with the token in the query string', async () => {
    const { request } = await setup();
    expect((await request('/agent/api/cases')).status).toBe(401);
    expect((await request('/agent/api/cases', { headers: auth('agent-secret-0123456789-abcdefghiX') })).status).toBe(401);
    expect((await request(`/agent/api/cases?token=${TOKEN}`, { headers: auth() })).status).toBe(401);
    expect((await request(`/agent/api/cases?t=${TOKEN}`)).status).toBe(401);
    const ok = await request('/agent/api/cases', { headers: auth() });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toBeNull();
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off, and says how to turn it on, without AGENT_TOKEN', async () => {
    const app = await testApp();
    const response = await app.request('/agent/api/cases', { headers: auth() });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('set AGENT_TOKEN');
  });

  it('lists the escalated conversation as new, with reason and customer, and opens the whole packet', async () => {
    const app = await setup();
    const { conversationId, reference } = await escalated(app);
    const list = (await (await app.agent('/cases')).json()) as { cases: InboxCase[] };
    expect(list.cases).toHaveLength(1);
    expect(list.cases[0]).toMatchObject({ id: conversationId, reference, status: 'new', customer: 'Ada Lovelace <ada@example.com>', customerVerified: false });
    expect(list.cases[0]?.reasons).toContain('visitor-request');
    const detail = (await (await app.agent(`/cases/${conversationId}`)).json()) as { packet: { transcript: unknown[]; contact: { note: string } }; messages: { role: string; text: string }[]; delivery: unknown };
    expect(detail.packet.transcript).toHaveLength(2);
    expect(detail.packet.contact.note).toContain('Urgent');
    // The conversation keeps the hand-off's confirmation after the two turns the packet carries.
    expect(detail.messages.map((message) => message.role)).toEqual(['visitor', 'assistant', 'system']);
    expect(detail.messages[2]?.text).toContain(`Sent to our team (reference ${reference}).`);
  });

  it('drafts a reply from the docs with citations when no model is configured', async () => {
    const app = await setup();
    const { conversationId } = await escalated(app, 'How long is the password reset link valid?');
    const draft = (await (await app.post(`/cases/${conversationId}/draft`)).json()) as { text: string; sources: Source[]; mode: string };
    expect(draft.mode).toBe('extractive');
    expect(draft.text).toMatch(/^Hi Ada,/);
    expect(draft.text).toContain('[1]');
    expect(draft.sources[0]?.title).toMatch(/Reset your password/);
  });

  it('drafts through the model (the real openai SDK against the test double), grounded in the docs, with only real citations', async () => {
    const llm = await startOpenAITestServer({ scenario: { reply: 'Hi Ada, the reset link works for 60 minutes [1]. See also [7] and https://evil.example/x.' } });
    try {
      const app = await setup({}, { model: testModel(llm.url) });
      const { conversationId } = await escalated(app, 'How long is the password reset link valid?');
      llm.requests.length = 0;
      const draft = (await (await app.post(`/cases/${conversationId}/draft`)).json()) as { text: string; sources: Source[]; mode: string };
      expect(draft.mode).toBe('generated');
      expect(llm.requests).toHaveLength(1);
      const prompt = (llm.requests[0]?.body.messages ?? []).map((message) => message.content).join('\n');
      expect(prompt).toContain('How long is the password reset link valid?');
      expect(prompt).toMatch(/60 minutes/);
      expect(draft.text).toContain('60 minutes [1]');
      expect(draft.text).not.toContain('[7]');
      expect(draft.text).not.toContain('evil.example');
      expect(draft.sources[0]?.title).toMatch(/Reset your password/);
    } finally {
      await llm.close();
    }
  });

  it('sends the reply into the visitor’s conversation, emails them, and keeps the AI quiet until handed back', async () => {
    const app = await setup();
    const { conversationId, token } = await escalated(app);
    const sent = await app.post(`/cases/${conversationId}/reply`, { text: 'Hi Ada, turn off hardware acceleration and export again.' });
    expect(sent.status).toBe(201);
    const after = await view(app, conversationId, token);
    expect(after.status).toBe('human');
    expect(after.messages.at(-1)).toMatchObject({ role: 'agent', text: 'Hi Ada, turn off hardware acceleration and export again.' });
    expect(mailer.deliveries()).toHaveLength(1);
    expect(mailer.deliveries()[0]?.body).toMatchObject({ type: 'agent.reply', to: 'ada@example.com' });
    expect(mailer.deliveries()[0]?.signatureValid).toBe(true);

    const quiet = await readEvents(await app.request('/v1/chat', json({ message: 'How long is the password reset link valid?', conversationId, conversationToken: token })));
    expect(textOf(quiet)).toMatch(/A person from our team is handling this conversation/);
    expect(quiet.some((event) => event.type === 'sources')).toBe(false);
    expect((await view(app, conversationId, token)).messages.at(-1)).toMatchObject({ role: 'visitor', text: 'How long is the password reset link valid?' });
    const listed = (await (await app.agent('/cases')).json()) as { cases: InboxCase[] };
    expect(listed.cases[0]?.status).toBe('open');

    expect((await app.post(`/cases/${conversationId}/hand-back`)).status).toBe(200);
    const answered = await readEvents(await app.request('/v1/chat', json({ message: 'How long is the password reset link valid?', conversationId, conversationToken: token })));
    expect(textOf(answered)).toContain('60 minutes');
  });

  it("counts a person's first reply as the first response when the AI only handed over, and never moves it later", async () => {
    const app = await setup();
    const { conversationId } = await escalated(app, 'I want to speak to a real person please');
    expect((await app.store.getConversation(conversationId))?.firstResponseAt).toBeUndefined();
    const before = Date.now();
    expect((await app.post(`/cases/${conversationId}/reply`, { text: 'Hi Ada, I am here.' })).status).toBe(201);
    const first = (await app.store.getConversation(conversationId))?.firstResponseAt;
    expect(first).toBeGreaterThanOrEqual(before);
    expect((await app.post(`/cases/${conversationId}/reply`, { text: 'Anything else?' })).status).toBe(201);
    expect((await app.store.getConversation(conversationId))?.firstResponseAt).toBe(first);
  });

  it('resolves with a redacted note, and a later similar question cites it as a resolved case', async () => {
    const app = await setup();
    const { conversationId, token } = await escalated(app);
    expect((await app.post(`/cases/${conversationId}/resolve`, { note: 'short' })).status).toBe(400);
    const resolved = await app.post(`/cases/${conversationId}/resolve`, {
      note: 'Blank PDF pages come from GPU acceleration: turn off Settings > Advanced > Hardware acceleration, then export again. Customer ada@example.com, card 4242 4242 4242 4242, phone +44 20 7946 0958.',
    });
    expect(resolved.status).toBe(200);
    const { ticket } = (await resolved.json()) as { ticket: { question: string; resolution: string } };
    expect(ticket.resolution).toContain('[email]');
    expect(ticket.resolution).toContain('[card number]');
    expect(ticket.resolution).toContain('[phone]');
    expect(ticket.resolution).not.toMatch(/ada@example\.com|4242|7946/);
    expect((await view(app, conversationId, token)).status).toBe('resolved');
    const listed = (await (await app.agent('/cases')).json()) as { cases: InboxCase[] };
    expect(listed.cases[0]?.status).toBe('resolved');

    const later = await readEvents(await app.request('/v1/chat', json({ message: 'Exported PDF prints blank pages on Windows', product: 'lumen' })));
    const sources = later.find((event) => event.type === 'sources');
    expect(sources?.type === 'sources' && sources.sources.map((source) => source.title)).toContainEqual(expect.stringMatching(/^Resolved case: When I print an exported PDF/));
    expect(sources?.type === 'sources' && sources.sources.find((source) => source.kind === 'ticket')).toBeTruthy();
  });

  it('states when a person will answer: in hours a reply here soon, out of hours a reply here once the team is back, emailed too (EMAIL_WEBHOOK_URL)', async () => {
    const open = await setup({ BUSINESS_HOURS: 'sun-sat 00:00-24:00', TIMEZONE: 'Europe/Berlin' });
    const inHours = (await (await open.request('/v1/handoff', json({ email: 'a@example.com' }))).json()) as { expectation: string };
    expect(inHours.expectation).toMatch(/reply here shortly/);
    const closed = await setup({ BUSINESS_HOURS: 'mon 00:00-00:01', TIMEZONE: 'Pacific/Kiritimati' });
    const away = (await (await closed.request('/v1/handoff', json({ email: 'a@example.com' }))).json()) as { expectation: string };
    expect(away.expectation).toMatch(/^We're away right now; a person from our team will reply here once we're back .* We'll also email you the reply\.$/);
  });
});

describe('/agent/api/cases: pages, categories and urgency', () => {
  const triage = (category: string, urgency: 'normal' | 'high') => ({ category, sentiment: 'negative' as const, urgency, summary: `About ${category}`, lang: 'en' });
  const seedCase = (index: number, fields: Partial<InboxCase> = {}): InboxCase => ({
    id: `case-${String(index).padStart(4, '0')}`, reference: `HO-${index}`, status: 'new', reasons: ['visitor_request'], customer: 'Junk', customerVerified: false,
    lastQuestion: `junk ${index}`, createdAt: 1_000 + index, updatedAt: 1_000 + index, ...fields,
  });

  it('pages through more cases than one page holds, with the total, so a flood cannot hide a real case', async () => {
    const app = await setup();
    await app.store.saveCase(seedCase(0, { customer: 'Real customer', triage: triage('billing', 'normal') }));
    for (let index = 1; index <= 230; index += 1) await app.store.saveCase(seedCase(index, { triage: triage('other', 'normal') }));
    const first = await (await app.agent('/cases?sort=recent&pageSize=100')).json();
    expect(first).toMatchObject({ total: 231, page: 1, pageSize: 100, pages: 3 });
    expect(first.cases).toHaveLength(100);
    const last = await (await app.agent('/cases?sort=recent&pageSize=100&page=3')).json();
    expect(last.cases).toHaveLength(31);
    expect(last.cases.at(-1)).toMatchObject({ customer: 'Real customer' });
    const byDefault = await (await app.agent('/cases')).json();
    expect(byDefault).toMatchObject({ total: 231, pageSize: 50, pages: 5 });
  });

  it('filters by category and status, counts categories, and sorts high urgency first, newest first within it', async () => {
    const app = await setup();
    await app.store.saveCase(seedCase(1, { triage: triage('billing', 'high') }));
    await app.store.saveCase(seedCase(2, { triage: triage('how-to', 'normal') }));
    await app.store.saveCase(seedCase(3, { triage: triage('billing', 'normal') }));
    await app.store.saveCase(seedCase(4, { triage: triage('billing', 'high'), status: 'resolved' }));
    await app.store.saveCase(seedCase(5));
    const all = await (await app.agent('/cases')).json();
    expect(all.cases.map((item: InboxCase) => item.id)).toEqual(['case-0004', 'case-0001', 'case-0005', 'case-0003', 'case-0002']);
    expect(all.categories).toEqual({ billing: 3, 'how-to': 1, uncategorised: 1 });
    const billing = await (await app.agent('/cases?category=billing&status=new')).json();
    expect(billing.total).toBe(2);
    expect(billing.cases.map((item: InboxCase) => item.id)).toEqual(['case-0001', 'case-0003']);
    const none = await (await app.agent('/cases?category=uncategorised')).json();
    expect(none.cases.map((item: InboxCase) => item.id)).toEqual(['case-0005']);
    // Stored snake_case codes are read in the one spelling.
    expect(none.cases[0].reasons).toEqual(['visitor-request']);
  });

  it.each([['page=0'], ['page=x'], ['pageSize=201'], ['sort=oldest'], ['status=closed'], ['category=Bad%20Cat']])('refuses %s with a clear 400', async (query) => {
    const app = await setup();
    const response = await app.agent(`/cases?${query}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^Invalid request: (page|pageSize|sort|status|category):/);
  });

  it('sends packet version 2 with the conversation’s triage, and nulls when nothing was triaged', async () => {
    const app = await setup();
    // A visitor who asks for a person before writing anything: nothing was triaged.
    const direct = await app.request('/v1/handoff', json({ name: 'Ada Lovelace', email: 'ada@example.com', note: 'Please call me.' }));
    expect(direct.status).toBe(201);
    const { reference } = (await direct.json()) as { reference: string };
    const untriaged = (await app.store.getHandoff(reference))!;
    expect(untriaged.packet).toMatchObject({ version: 2, triage: { category: null, sentiment: null, urgency: null, summary: null, lang: null } });
    // A chat turn is triaged for real: the case carries it without anyone setting it.
    const plain = await escalated(app);
    const triaged = await (await app.agent(`/cases/${plain.conversationId}`)).json();
    expect(triaged.packet.triage).toMatchObject({ category: expect.any(String), sentiment: expect.any(String), urgency: expect.any(String), lang: 'en' });

    const events = await readEvents(await app.request('/v1/chat', json({ message: 'this invoice is wrong and we will not pay it', product: 'lumen' })));
    const start = events[0];
    if (start?.type !== 'start') throw new Error('no start');
    const summary = { category: 'billing', sentiment: 'negative' as const, urgency: 'high' as const, summary: 'Disputes an invoice.', lang: 'en' };
    await app.store.updateConversation(start.conversationId, { triage: summary });
    await app.request('/v1/handoff', json({ conversationId: start.conversationId, conversationToken: start.conversationToken, email: 'bo@example.com' }));
    const detail = await (await app.agent(`/cases/${start.conversationId}`)).json();
    expect(detail.packet).toMatchObject({ version: 2, triage: summary });
    const list = await (await app.agent('/cases')).json();
    expect(list.cases[0]).toMatchObject({ id: start.conversationId, triage: summary });
  });

  it('reads a stored version 1 packet as version 2, with null triage and kebab-case reasons', async () => {
    const app = await setup();
    const { conversationId, reference } = await escalated(app);
    const stored = await app.store.getHandoff(reference);
    const { triage: _dropped, ...v1 } = stored!.packet as Record<string, unknown>;
    await app.store.saveHandoff({ ...stored!, packet: { ...v1, version: 1, reasons: ['visitor_request', 'no_ai_topic:billing_dispute'] } });
    const detail = await (await app.agent(`/cases/${conversationId}`)).json();
    expect(detail.packet).toMatchObject({ version: 2, reasons: ['visitor-request', 'no-ai-topic:billing-dispute'], triage: { category: null, summary: null } });
  });
});
