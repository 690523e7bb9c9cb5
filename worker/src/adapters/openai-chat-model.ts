/**
 * ChatModel on the `openai` SDK: any OpenAI-compatible server via baseURL.
 */
import OpenAI from 'openai';
import type { ChatModel, ChatModelRequest } from '../ports';

export class ChatModelError extends Error {
  readonly status?: number;
  readonly requestId?: string;
  constructor(message: string, options: { cause?: unknown; status?: number; requestId?: string }) {
    super(message, { cause: options.cause });
    this.name = 'ChatModelError';
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

export interface OpenAIChatModelOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export class OpenAIChatModel implements ChatModel {
  private readonly client: OpenAI;
  private readonly model: string;

  constructor(options: OpenAIChatModelOptions) {
    this.model = options.model;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
      // Debug logging would print request bodies (customers' words) and headers.
      logLevel: 'warn',
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async *stream(request: ChatModelRequest): AsyncIterable<string> {
    let stream;
    try {
      stream = await this.client.chat.completions.create(
        { model: this.model, messages: request.messages, max_tokens: request.maxTokens, stream: true },
        { signal: request.signal },
      );
    } catch (error) {
      throw wrap(error);
    }
    try {
      let finished = false;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta?.content) yield choice.delta.content;
        if (choice?.finish_reason) finished = true;
      }
      // A connection that closes without a finish_reason is a cut-off answer, not a complete one.
      if (!finished) throw new ChatModelError('The language model stream ended before the answer was complete.', {});
    } catch (error) {
      if (error instanceof ChatModelError) throw error;
      throw wrap(error);
    } finally {
      // Leaving the loop early (visitor stopped) must cancel the upstream request.
      stream.controller.abort();
    }
  }
}

function wrap(error: unknown): ChatModelError {
  if (error instanceof OpenAI.APIError) {
    return new ChatModelError(`The language model answered ${error.status ?? 'with an error'}.`, {
      cause: error,
      status: error.status,
      requestId: error.requestID ?? undefined,
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new ChatModelError('The language model request was aborted.', { cause: error });
  }
  return new ChatModelError('The language model could not be reached.', { cause: error });
}
