/**
 * `POST /v1/chat` as an async iterable of validated StreamEvents. `break` out of
 * the loop (or abort the controller) and the request is cancelled. Events that
 * fail validation are dropped.
 *
 * @example
 * for await (const event of streamChat(baseUrl, { message: 'hi' }, new AbortController())) if (event.type === 'text-delta') print(event.delta);
 */
import type { ChatRequest } from '../../../shared/protocol';
import { parseStreamEvent, type StreamEvent } from '../../../shared/stream-events';
import { request } from './api';
import { readSse } from './sse';

/** Ends (and aborts the request) when the loop ends; `controller.abort()` cancels it from outside. */
export async function* streamChat(baseUrl: string, body: ChatRequest, controller: AbortController): AsyncGenerator<StreamEvent> {
  try {
    const response = await request(baseUrl, '/v1/chat', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    for await (const data of readSse(response.body!)) {
      const event = parseStreamEvent(data);
      if (event) yield event;
    }
  } finally {
    controller.abort();
  }
}
