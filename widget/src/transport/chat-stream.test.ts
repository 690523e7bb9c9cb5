import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { streamChat } from './chat-stream';

/** The worker's /v1/chat as the SSE bytes it sends (a double of the HTTP response); returns the request's signal once fetched. */
function serve(chunks: string[]): { signal?: AbortSignal } {
  const seen: { signal?: AbortSignal } = {};
  vi.stubGlobal('fetch', async (_url: URL, init: RequestInit) => {
    seen.signal = init.signal ?? undefined;
    let index = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        init.signal?.addEventListener('abort', () => controller.error(new DOMException('stopped', 'AbortError')));
      },
      pull(controller) {
        if (index < chunks.length) controller.enqueue(new TextEncoder().encode(chunks[index++]));
        else if (index++ === chunks.length) return new Promise(() => undefined);
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  return seen;
}
afterEach(() => vi.unstubAllGlobals());

const start = 'data: {"type":"start","conversationId":"c","conversationToken":"t","messageId":"m"}\n\n';

describe('streamChat', () => {
  it('yields only protocol events, validated, and throws an error event as an ApiError', async () => {
    serve([start, 'data: not json\n\ndata: {"type":"text-delta"}\n\n', 'data: {"type":"text-delta","delta":"Hi"}\n\n', 'data: {"type":"error","code":"upstream_unavailable","message":"model down"}\n\n']);
    const types: string[] = [];
    const failure = await (async () => {
      for await (const event of streamChat('https://support.example.org', { message: 'hi' })) types.push(event.type);
    })().catch((error: unknown) => error);
    expect(types).toEqual(['start', 'text-delta']);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 200, code: 'upstream_unavailable', message: 'model down' });
  });

  it('owns its request: leaving the loop early aborts it', async () => {
    const seen = serve([start, 'data: {"type":"text-delta","delta":"Hi"}\n\n']);
    for await (const event of streamChat('https://support.example.org', { message: 'hi' })) if (event.type === 'start') break;
    expect(seen.signal?.aborted).toBe(true);
  });

  it('abort() ends a loop that waits for the next event with an AbortError', async () => {
    const seen = serve([start]);
    const stream = streamChat('https://support.example.org', { message: 'hi' });
    const loop = (async () => {
      for await (const event of stream) if (event.type === 'start') setTimeout(() => stream.abort());
    })().catch((error: Error) => error.name);
    expect(await loop).toBe('AbortError');
    expect(seen.signal?.aborted).toBe(true);
  });
});
