import type { Context } from 'hono';
import * as v from 'valibot';
import { describeIssues, LIMITS } from '../../../shared/protocol';
import { AppError } from './errors';

/**
 * Read a JSON body of at most `maxBytes`, counting the bytes as they stream in,
 * so a chunked body without Content-Length is refused as early as a declared one.
 */
export async function readJson<TSchema extends v.GenericSchema>(
  c: Context,
  schema: TSchema,
  maxBytes: number = LIMITS.bodyBytes,
): Promise<v.InferOutput<TSchema>> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    throw new AppError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readText(c.req.raw, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError(400, 'bad_request', 'The body is not valid JSON.');
  }
  const result = v.safeParse(schema, json);
  if (!result.success) throw new AppError(400, 'bad_request', `Invalid request: ${describeIssues(result.issues)}.`);
  return result.output;
}

async function readText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError(400, 'bad_request', 'The body is not valid UTF-8.');
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`);
}
