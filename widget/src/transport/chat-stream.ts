/**
 * `POST /v1/chat` as an AsyncIterable of validated StreamEvents. The iterable
 * owns its AbortController: `break` out of the loop (or call `abort`) and the
 * request is cancelled. Events that fail validation are dropped.
 *
 * @example
 * const stream = streamChat(baseUrl, { message: 'hi' });
 * for await (const event of stream) if (event.type === 'text-delta') print(event.delta);
 */
import type { ChatRequest } from '../../../shared/protocol';
import { parseStreamEvent, type StreamEvent } from '../../../shared/stream-events';
import { request } from './api';
import { readSse } from './sse';

export interface ChatStream extends AsyncIterable<StreamEvent> {
  abort(): void;
}

export function streamChat(baseUrl: string, body: ChatRequest): ChatStream {
  const controller = new AbortController();
  async function* events(): AsyncGenerator<StreamEvent> {
    try {
      const response = await request(baseUrl, '/v1/chat', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.body) return;
      for await (const data of readSse(response.body)) {
        const event = parseStreamEvent(data);
        if (event) yield event;
      }
    } finally {
      controller.abort();
    }
  }
  return { abort: () => controller.abort(), [Symbol.asyncIterator]: events };
}
