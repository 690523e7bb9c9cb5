/**
 * Incremental Server-Sent Events parser: feed it decoded text as it arrives and
 * it returns the `data` payload of every event completed so far. Handles events
 * split across chunks, CRLF/CR/LF line ends, comments and unknown fields.
 *
 * @example
 * const parser = new SseParser();
 * parser.push('data: {"a"'); // []
 * parser.push(':1}\n\n');     // ['{"a":1}']
 */
export class SseParser {
  #buffer = '';
  #data: string[] = [];

  push(text: string): string[] {
    const out: string[] = [];
    // A lone trailing CR may be the first half of CRLF, so it waits for the next chunk.
    const lines = (this.#buffer + text).split(/\r\n|\r(?!$)|\n/);
    this.#buffer = lines.pop()!;
    for (const line of lines) {
      if (!line) {
        if (this.#data.length) out.push(this.#data.join('\n'));
        this.#data = [];
      } else if (/^data(:|$)/.test(line)) this.#data.push(line.slice(5).replace(/^ /, ''));
    }
    return out;
  }

  /** Call at end of stream: a final event without its blank line still counts. */
  flush(): string[] {
    return this.push('\n\n');
  }
}

/** Reads a byte stream as SSE `data` payloads. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (let chunk; !(chunk = await reader.read()).done; ) yield* parser.push(decoder.decode(chunk.value, { stream: true }));
    yield* parser.push(decoder.decode());
    yield* parser.flush();
  } finally {
    reader.releaseLock();
  }
}
