/**
 * One error type for store failures, safe to log: it names the operation and
 * the Redis command but never carries keys' values or message bodies. The
 * Upstash client's own error text ends in `command was: [...]` with every
 * argument, so it is rewritten here before it can reach a log.
 */
export class StoreError extends Error {
  readonly operation: string;
  /** Upper-case Redis command name when known (e.g. RPUSH, EVAL). */
  readonly command?: string;

  constructor(operation: string, reason: string, options: { command?: string; cause?: unknown } = {}) {
    super(`store ${operation} failed${options.command ? ` (${options.command})` : ''}: ${reason}`, { cause: options.cause });
    this.name = 'StoreError';
    this.operation = operation;
    this.command = options.command;
  }
}

export { CIRCUIT_OPEN_MS } from '../ports/support-store';

const MAX_REASON_CHARS = 160;

/** Turns any vendor error into a StoreError whose message and cause hold no command arguments. */
export function toStoreError(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const original = error instanceof Error ? error : new Error(String(error));
  const { reason, command } = describe(original);
  const cause = new Error(reason);
  cause.name = original.name;
  // Keep where it failed, not what it carried: only the frames survive.
  cause.stack = [`${original.name}: ${reason}`, ...(original.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))].join('\n');
  return new StoreError(operation, reason, { command, cause });
}

function describe(error: Error): { reason: string; command?: string } {
  const text = error.message;
  if (error.name === 'UpstashJSONParseError') return { reason: 'the server answered with a body that is not JSON' };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return { reason: `request aborted (${error.name})` };
  const pipeline = /^Command \d+ \[ ([\w.-]+) \] failed: ([\s\S]*)$/.exec(text);
  if (pipeline) return { reason: clip(pipeline[2] ?? ''), command: pipeline[1]?.toUpperCase() };
  const marker = text.indexOf(', command was: ');
  if (marker >= 0) {
    const command = /^\[\s*\[?\s*"([\w.-]+)"/.exec(text.slice(marker + ', command was: '.length))?.[1];
    return { reason: clip(text.slice(0, marker)), command: command?.toUpperCase() };
  }
  return { reason: clip(text) };
}

/** Redis error replies are short codes; anything longer is cut so a reply can never smuggle data into logs. */
function clip(reason: string): string {
  // Redis echoes the arguments of an unknown command; drop them.
  const line = (reason.split('\n')[0] ?? '').replace(/,? with args beginning with:.*$/i, '').trim() || 'unknown error';
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS)}…` : line;
}
