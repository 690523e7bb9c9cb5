/**
 * One `/v1/chat` turn as an AsyncIterable of protocol events that owns its
 * AbortController, as openai-node's Stream does: `abort()`, or leaving the
 * loop early, cancels the request. Payloads that fail validation are dropped;
 * an `error` event throws an ApiError out of the loop, like a failed request.
 *
 * @example
 * const stream = streamChat(baseUrl, { message: 'Hi' });
 * for await (const event of stream) if (event.type === 'text-delta') print(event.delta);
 * stream.abort(); // from elsewhere: the loop ends with an AbortError
 */
import type { ChatRequest, StreamEvent } from '../../../shared/protocol';
import { parseStreamEvent } from '../../../shared/stream-events';
import { ApiError, request } from './api';
import { readSse } from './sse';

export type ChatStream = AsyncGenerator<StreamEvent> & { abort(): void };

export function streamChat(baseUrl: string, body: ChatRequest): ChatStream {
  const controller = new AbortController();
  async function* events() {
    try {
      const response = await request(baseUrl, '/v1/chat', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
      for await (const data of readSse(response.body!)) {
        const event = parseStreamEvent(data);
        if (event?.type == 'error') throw new ApiError(200, event.code, event.message);
        if (event) yield event;
      }
    } finally {
      // Ends the request too when the loop was left early.
      controller.abort();
    }
  }
  return Object.assign(events(), { abort: () => controller.abort() });
}
