import { describe, expect, it } from 'vitest';
import { parseStreamEvent } from '../../../shared/stream-events';
import { readSse, SseParser } from './sse';

function stream(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSse(stream(chunks))) out.push(data);
  return out;
}

describe('SseParser', () => {
  it('joins an event split across chunks, even mid-line', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"type":"text-')).toEqual([]);
    expect(parser.push('delta","delta":"Hi"}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual(['{"type":"text-delta","delta":"Hi"}']);
  });

  it('accepts CRLF and a CR split from its LF across chunks', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    expect(parser.push('\n\r\ndata: b\r\n\r\n')).toEqual(['a', 'b']);
  });

  it('skips comments, unknown fields and blank keep-alives', () => {
    const parser = new SseParser();
    expect(parser.push(': ping\n\nevent: message\nid: 7\nretry: 10\ndata: x\n\n\n\n')).toEqual(['x']);
  });

  it('joins multi-line data with newlines and strips one leading space only', () => {
    const parser = new SseParser();
    expect(parser.push('data:  two\ndata:three\n\n')).toEqual([' two\nthree']);
  });

  it('emits a last event that lacks its blank line at end of stream', () => {
    const parser = new SseParser();
    expect(parser.push('data: tail')).toEqual([]);
    expect(parser.flush()).toEqual(['tail']);
  });
});

describe('readSse', () => {
  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: é\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 7));
        controller.enqueue(bytes.slice(7));
        controller.close();
      },
    });
    const out: string[] = [];
    for await (const data of readSse(body)) out.push(data);
    expect(out).toEqual(['é']);
  });

  it('yields only protocol events once validated, dropping junk and invalid ones', async () => {
    const payloads = await collect([
      'data: {"type":"start","conversationId":"c","conversationToken":"t","messageId":"m"}\r\n\r\n',
      'data: not json\n\n',
      'data: {"type":"text-delta"}\n\n',
      'data: {"type":"bogus","delta":"x"}\n\n',
      'garbage line\n\n',
      'data: {"type":"text-delta","delta":"ok"}\n\n',
      'data: {"type":"finish","confidence":"high","mode":"generated"}',
    ]);
    const events = payloads.map(parseStreamEvent).filter(Boolean);
    expect(events.map((event) => event!.type)).toEqual(['start', 'text-delta', 'finish']);
  });
});
