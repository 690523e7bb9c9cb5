/**
 * TEST DOUBLE: an OpenAI-compatible chat-completions server for tests and benches.
 *
 * It speaks the documented wire format of `POST /v1/chat/completions` with
 * `stream: true` (server-sent `chat.completion.chunk` objects, then
 * `data: [DONE]`) and the non-streaming `chat.completion` object, so the real
 * `openai` SDK talks to it over HTTP exactly as to a real server. What it says
 * is scripted by the test: by default it answers from the first numbered
 * source in the prompt and cites it, like a well-behaved grounded model.
 *
 * Faults for tests: an HTTP error before the stream, a stream that dies after
 * N chunks, a hang, and a per-chunk delay. Every request is recorded, and so is
 * whether the client went away before the answer was complete.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http-helpers';

export interface Scenario {
  /** Fixed reply text; default: grounded in the first source of the prompt. */
  reply?: string;
  /** Split the reply into chunks of this many characters (default 12). */
  chunkChars?: number;
  chunkDelayMs?: number;
  /** Answer this HTTP status (e.g. 429, 500) instead of a stream. */
  failStatus?: number;
  /** Close the connection after this many chunks, without [DONE]. */
  dieAfterChunks?: number;
  /** Send headers, then nothing, for this long (a non-streamed reply: wait this long before answering). */
  hangMs?: number;
  /**
   * The object a request with `response_format: {type: "json_schema"}` gets, as the
   * message content (a JSON string), like OpenAI's structured outputs.
   */
  structured?: unknown;
}

export interface RecordedRequest {
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    stream?: boolean;
    max_tokens?: number;
    response_format?: { type?: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } };
  };
  authorization?: string;
  /** True when the client closed the connection before the reply finished. */
  aborted: boolean;
  chunksSent: number;
}

export interface OpenAITestServer {
  url: string;
  requests: RecordedRequest[];
  setScenario(scenario: Scenario): void;
  close(): Promise<void>;
}

/** The grounded default: first sentence of source [1], cited. */
export function groundedReply(messages: { role: string; content: string }[]): string {
  const prompt = messages.map((message) => message.content).join('\n');
  // The prompt's source blocks (worker/src/services/prompt.ts): <source n="1" title="…" …>\ntext\n</source>.
  const source = /<source n="1"[^>]*>\n([\s\S]*?)\n<\/source>/.exec(prompt);
  const firstSentence = source?.[1]
    ?.replace(/^#+\s.*$/gm, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .trim()
    .split(/(?<=[.!?])\s/)[0];
  if (!firstSentence) return "I'm not sure: the sources don't cover this.";
  return `According to the docs, ${firstSentence.charAt(0).toLowerCase()}${firstSentence.slice(1)} [1]`;
}

function chunkObject(id: string, model: string, delta: Record<string, string>, finishReason: string | null) {
  return { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function handleCompletion(request: IncomingMessage, response: ServerResponse, scenario: Scenario, requests: RecordedRequest[]) {
  const body = JSON.parse(await readBody(request)) as RecordedRequest['body'];
  const record: RecordedRequest = { body, authorization: request.headers.authorization, aborted: false, chunksSent: 0 };
  requests.push(record);
  let finished = false;
  response.on('close', () => {
    if (!finished) record.aborted = true;
  });
  if (scenario.failStatus) {
    response.writeHead(scenario.failStatus, { 'content-type': 'application/json', 'x-request-id': 'req_test_double' });
    response.end(JSON.stringify({ error: { message: `scripted ${scenario.failStatus}`, type: 'server_error', code: null } }));
    finished = true;
    return;
  }
  const model = body.model ?? 'test-model';
  const format = body.response_format;
  if (format?.type === 'json_schema' && (!format.json_schema?.name || typeof format.json_schema.schema !== 'object')) {
    // OpenAI refuses a json_schema response format without a name and a schema object.
    response.writeHead(400, { 'content-type': 'application/json', 'x-request-id': 'req_test_double' });
    response.end(JSON.stringify({ error: { message: "Missing required parameter: 'response_format.json_schema.name' or 'schema'.", type: 'invalid_request_error', code: 'missing_required_parameter' } }));
    finished = true;
    return;
  }
  const reply = format?.type === 'json_schema' && scenario.structured !== undefined ? JSON.stringify(scenario.structured) : (scenario.reply ?? groundedReply(body.messages ?? []));
  const id = `chatcmpl-test-${requests.length}`;
  if (!body.stream) {
    if (scenario.hangMs) await sleep(scenario.hangMs);
    if (record.aborted) return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } }));
    finished = true;
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': 'req_test_double' });
  if (scenario.hangMs) {
    await sleep(scenario.hangMs);
    if (record.aborted) return;
  }
  const size = scenario.chunkChars ?? 12;
  const pieces: string[] = [];
  for (let index = 0; index < reply.length; index += size) pieces.push(reply.slice(index, index + size));
  response.write(`data: ${JSON.stringify(chunkObject(id, model, { role: 'assistant', content: '' }, null))}\n\n`);
  for (const piece of pieces) {
    if (record.aborted) return;
    if (scenario.dieAfterChunks !== undefined && record.chunksSent >= scenario.dieAfterChunks) {
      // Let what was written reach the client, then drop the connection without [DONE].
      await sleep(50);
      response.destroy();
      return;
    }
    response.write(`data: ${JSON.stringify(chunkObject(id, model, { content: piece }, null))}\n\n`);
    record.chunksSent++;
    if (scenario.chunkDelayMs) await sleep(scenario.chunkDelayMs);
  }
  response.write(`data: ${JSON.stringify(chunkObject(id, model, {}, 'stop'))}\n\n`);
  response.write('data: [DONE]\n\n');
  finished = true;
  response.end();
}

export async function startOpenAITestServer(options: { port?: number; scenario?: Scenario } = {}): Promise<OpenAITestServer> {
  let scenario: Scenario = options.scenario ?? {};
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
      handleCompletion(request, response, scenario, requests).catch(() => response.destroy());
      return;
    }
    // Control plane for tests in another process (e.g. Playwright driving wrangler dev).
    if (request.method === 'POST' && path === '/__scenario') {
      readBody(request).then((text) => {
        scenario = text ? (JSON.parse(text) as Scenario) : {};
        response.writeHead(204).end();
      });
      return;
    }
    if (request.method === 'POST' && path === '/__reset') {
      scenario = {};
      requests.length = 0;
      response.writeHead(204).end();
      return;
    }
    if (request.method === 'GET' && path === '/__requests') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setScenario(next) {
      scenario = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 8790);
  startOpenAITestServer({ port }).then((server) => console.log(`OpenAI-compatible test double on ${server.url}`));
}
