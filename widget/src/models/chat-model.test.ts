import { effect } from '@preact/signals-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../../shared/protocol';
import { createChatModel, type ChatModel } from './chat-model';

/** Animation frames run only when a test says so: one `tick()` is one frame. */
let frames: FrameRequestCallback[] = [];
const tick = () => frames.splice(0).forEach((callback) => callback(0));

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    if (id) frames[id - 1] = () => undefined;
  });
});
afterEach(() => vi.unstubAllGlobals());

const START: StreamEvent = { type: 'start', conversationId: 'c', conversationToken: 't', messageId: 'm' };
const FINISH: StreamEvent = { type: 'finish', confidence: 'high', mode: 'generated' };
const delta = (text: string): StreamEvent => ({ type: 'text-delta', delta: text });

/**
 * The worker's /v1/chat as the SSE bytes it sends (a double of the HTTP response, not of the model):
 * one event per network chunk, `between(index)` run before chunk `index`, open after the last
 * event until the request is aborted when `end` is false.
 */
function serve(events: StreamEvent[], between: (index: number) => void = () => undefined, end = true) {
  vi.stubGlobal('fetch', async (_url: URL, init: RequestInit) => {
    let index = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        init.signal?.addEventListener('abort', () => controller.error(new DOMException('stopped', 'AbortError')));
      },
      pull(controller) {
        if (index === events.length) return end ? controller.close() : new Promise(() => undefined);
        between(index);
        controller.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(events[index++])}\n\n`));
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
}

const model = () => createChatModel({ baseUrl: 'https://support.example.org', context: () => ({}), emit: () => undefined });
const answerOf = (chat: ChatModel) => chat.messages.value.find((message) => message.role === 'assistant');
const settled = (chat: ChatModel) => vi.waitFor(() => expect(answerOf(chat)?.state.value).toBe('done'));

/** How often the answer's text changed: each change is one render and one Markdown parse of the whole answer in MessageItem. */
function countTextChanges(chat: ChatModel): { changes: number } {
  const counter = { changes: 0 };
  effect(() => {
    if (answerOf(chat)?.text.value) counter.changes++;
  });
  return counter;
}

describe('chat model: streamed text (issue 16, finding 12)', () => {
  it('changes the answer once per animation frame, not once per delta: 200 deltas over 10 frames are ≤ 11 renders', async () => {
    const deltas = Array.from({ length: 200 }, (_, index) => `word${index} `);
    serve([START, ...deltas.map(delta), FINISH], (index) => index % 20 === 0 && tick());
    const chat = model();
    const counter = countTextChanges(chat);
    chat.send('How do refunds work?');
    await settled(chat);
    expect(answerOf(chat)!.text.value).toBe(deltas.join(''));
    expect(counter.changes).toBeGreaterThan(1);
    expect(counter.changes).toBeLessThanOrEqual(11);
  });

  it('puts every delta sent before an escalation, finish or error into the text before that event applies', async () => {
    serve([START, delta('Let me get '), delta('a person.'), { type: 'escalation', reasons: ['asked'], message: 'A person will reply' }, delta(' Bye.'), FINISH]);
    const chat = model();
    const atEscalation: string[] = [];
    effect(() => {
      if (chat.escalation.value) atEscalation.push(answerOf(chat)!.text.peek());
    });
    chat.send('human please');
    await settled(chat);
    expect(atEscalation).toEqual(['Let me get a person.']);
    expect(answerOf(chat)!.text.value).toBe('Let me get a person. Bye.');
    tick();
    expect(answerOf(chat)!.text.value).toBe('Let me get a person. Bye.');
  });

  it('keeps the text that arrived before an error event, and says the answer was cut', async () => {
    serve([START, delta('Refunds take '), delta('5 days'), { type: 'error', code: 'upstream_unavailable', message: 'model down' }]);
    const chat = model();
    chat.send('refunds?');
    await settled(chat);
    expect(answerOf(chat)!.text.value).toBe('Refunds take 5 days');
    expect(answerOf(chat)!.notice.value).toBe('cut');
    expect(chat.status.value).toBe('error');
  });

  it('a stream that ends after its deltas, with no frame since, still announces and reports the whole answer', async () => {
    serve([START, delta('Open **Settings**'), delta(' → Billing.')]);
    const emitted: unknown[] = [];
    const chat = createChatModel({ baseUrl: 'https://support.example.org', context: () => ({}), emit: (_, detail) => emitted.push(detail) });
    chat.send('where is billing?');
    await settled(chat);
    expect(answerOf(chat)!.text.value).toBe('Open **Settings** → Billing.');
    expect(chat.announcement.value).toBe('Open Settings → Billing.');
    expect(emitted.at(-1)).toMatchObject({ role: 'assistant', text: 'Open **Settings** → Billing.' });
  });

  it('stop() keeps the deltas that were still waiting for a frame', async () => {
    serve([START, delta('One, '), delta('two, '), delta('three')], () => undefined, false);
    const chat = model();
    chat.send('count');
    await vi.waitFor(() => expect(frames.length).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    chat.stop();
    await settled(chat);
    expect(answerOf(chat)!.text.value).toBe('One, two, three');
    tick();
    expect(answerOf(chat)!.text.value).toBe('One, two, three');
    expect(answerOf(chat)!.notice.value).toBe('stopped');
  });
});

describe('chat model: sync', () => {
  const view = (messages: object[], status = 'human') => ({ conversationId: 'c', status, messages });
  /** The worker's GET /v1/conversations/:id as its JSON (a double of the HTTP response); counts the reads. */
  function conversations(body: () => object) {
    const reads: string[] = [];
    vi.stubGlobal('fetch', async (url: URL) => {
      reads.push(String(url));
      return new Response(JSON.stringify(body()), { headers: { 'content-type': 'application/json' } });
    });
    return reads;
  }

  it('reads nothing when no conversation is saved, as on a first visit', async () => {
    const reads = conversations(() => view([]));
    const chat = model();
    await chat.sync();
    expect(reads).toEqual([]);
    expect(chat.messages.value).toEqual([]);
  });

  it('restores a saved conversation whole, then adds only new agent replies, each announced and reported', async () => {
    let messages = [
      { id: 'v1', role: 'visitor', text: 'Refunds?' },
      { id: 'a1', role: 'assistant', text: 'Refunds take **5 days** [1].', sources: [{ n: 1, title: 'Refunds', url: 'https://docs.example.org/refunds', kind: 'doc' }], confidence: 'high' },
    ];
    const reads = conversations(() => view(messages));
    const emitted: unknown[] = [];
    const chat = createChatModel({ baseUrl: 'https://support.example.org', context: () => ({}), emit: (_, detail) => emitted.push(detail) });
    chat.conversation.value = { id: 'c', token: 't' };
    await chat.sync();
    expect(reads).toEqual(['https://support.example.org/v1/conversations/c']);
    expect(chat.messages.value.map((message) => [message.id, message.text.value, message.state.value])).toEqual([
      ['v1', 'Refunds?', 'done'],
      ['a1', 'Refunds take **5 days** [1].', 'done'],
    ]);
    expect(chat.messages.value[1]!.finish.value).toEqual({ confidence: 'high', incomplete: undefined });
    expect(chat.conversationStatus.value).toBe('human');
    messages = [...messages, { id: 'g1', role: 'agent', text: 'Done, refunded.' }];
    await chat.sync();
    expect(chat.messages.value.map((message) => message.id)).toEqual(['v1', 'a1', 'g1']);
    expect(chat.announcement.value).toBe('Done, refunded.');
    expect(emitted).toEqual([{ id: 'g1', role: 'agent', text: 'Done, refunded.' }]);
  });
});
