/**
 * A stream of protocol events as an SSE response: the protocol-version header,
 * `x-accel-buffering: no`, one JSON event per `data:` line. When the visitor
 * goes away, `upstream` is aborted and the remaining events are not written
 * (their producer still runs to its end, so what it records is whole).
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type StreamEvent } from '../../../shared/protocol';
import type { AppEnv } from '../env';

export function eventStream(c: Context<AppEnv>, events: AsyncIterable<StreamEvent>, upstream?: AbortController): Response {
  c.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => upstream?.abort());
    let first = true;
    for await (const event of events) {
      if (!stream.aborted) await stream.writeSSE({ data: JSON.stringify(event) });
      if (!first) continue;
      first = false;
      // Hand the thread back once, so the runtime sends the first event before retrieval and the model call take it.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  });
}
