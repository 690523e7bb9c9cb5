/**
 * A tiny RESP2 client on node:net, just enough for the Upstash REST bridge:
 * it writes a batch of commands in one go and resolves their replies in order.
 * Bulk strings stay Buffers so the bridge can base64 them byte for byte.
 */
import { connect, type Socket } from 'node:net';

export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RespError';
  }
}

/** A `+status` reply, kept apart from bulk strings because Upstash leaves "OK" unencoded. */
export class RespStatus {
  constructor(readonly value: string) {}
}

export type RespValue = Buffer | RespStatus | number | null | RespError | RespValue[];

interface Pending {
  remaining: number;
  replies: RespValue[];
  resolve(replies: RespValue[]): void;
  reject(error: Error): void;
}

const CRLF = '\r\n';

export class RespClient {
  readonly #socket: Socket;
  readonly #queue: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.#fail(error));
    socket.on('close', () => this.#fail(new Error('redis connection closed')));
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.setNoDelay(true);
      const timer = setTimeout(() => socket.destroy(new Error(`redis connect timeout on ${host}:${port}`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeListener('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sends every command in one write; resolves with one reply per command (errors are RespError values). */
  send(commands: readonly (readonly string[])[]): Promise<RespValue[]> {
    if (this.#closed) return Promise.reject(new Error('redis connection closed'));
    if (commands.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ remaining: commands.length, replies: [], resolve, reject });
      this.#socket.write(commands.map(encodeCommand).join(''));
    });
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      let parsed: ReturnType<typeof parseReply>;
      try {
        parsed = parseReply(this.#buffer, 0);
      } catch (error) {
        this.#fail(error as Error);
        this.#socket.destroy();
        return;
      }
      if (!parsed) return;
      this.#buffer = this.#buffer.subarray(parsed.offset);
      const pending = this.#queue[0];
      if (!pending) continue;
      pending.replies.push(parsed.value);
      pending.remaining -= 1;
      if (pending.remaining === 0) {
        this.#queue.shift();
        pending.resolve(pending.replies);
      }
    }
  }

  #fail(error: Error): void {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) pending.reject(error);
  }
}

function encodeCommand(command: readonly string[]): string {
  const parts = command.map((argument) => `$${Buffer.byteLength(argument)}${CRLF}${argument}${CRLF}`);
  return `*${command.length}${CRLF}${parts.join('')}`;
}

/** Parses one reply at `offset`; undefined when the buffer does not hold all of it yet. */
function parseReply(buffer: Buffer, offset: number): { value: RespValue; offset: number } | undefined {
  const lineEnd = buffer.indexOf(CRLF, offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: new RespStatus(line), offset: next };
    case '-':
      return { value: new RespError(line), offset: next };
    case ':':
      return { value: Number(line), offset: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, offset: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: Buffer.from(buffer.subarray(next, next + length)), offset: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, offset: next };
      const items: RespValue[] = [];
      let cursor = next;
      for (let index = 0; index < count; index += 1) {
        const item = parseReply(buffer, cursor);
        if (!item) return undefined;
        items.push(item.value);
        cursor = item.offset;
      }
      return { value: items, offset: cursor };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}
