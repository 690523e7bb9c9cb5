/**
 * Dev and test tool: an Upstash-REST-compatible HTTP front for a real
 * redis-server, speaking exactly what @upstash/redis sends.
 *
 *   POST /            ["SET","k","v"]          → 200 {result} | 400 {error}
 *   POST /pipeline    [[...], [...]]           → 200 [{result}|{error}, ...]
 *   POST /multi-exec  [[...], [...]]           → 200 [{result}|{error}, ...] | 400 {error} (EXECABORT)
 *   Authorization: Bearer <token>              → otherwise 401 {error}
 *   Upstash-Encoding: base64                   → every string in `result` base64 (UTF-8 bytes), except the status "OK"
 *
 * Lua scripts flagged `allow-key-locking` (Upstash-only) are made Redis 7 compatible.
 * Redis unreachable answers 500 {error}. `setFault` injects 500/429, delays
 * and dropped sockets so adapters can be tested against the failures Upstash has.
 *
 * CLI: tsx tools/upstash-redis-bridge.ts --redis-port 6379 [--port 8079] [--token dev-token]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { LuaShebangCompat } from './lua-shebang-compat';
import { RespClient, RespError, RespStatus, type RespValue } from './resp-client';
import { readBody, sendJson } from '../test/http-helpers';

export interface BridgeOptions {
  redisPort: number;
  token: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface BridgeFault {
  /** Answer with this status and an `{error}` body instead of running the command. */
  status?: number;
  /** Wait this long before answering (or before the fault status). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  closeSocket?: boolean;
  /** Apply to this many requests, then clear; forever when absent. */
  times?: number;
}

export interface BridgeRequestLog {
  path: string;
  /** Command names only: the log must never hold values. */
  commands: string[];
}

export interface Bridge {
  url: string;
  token: string;
  setFault(fault: BridgeFault | null): void;
  /** Every authorised request seen, oldest first. */
  readonly requests: BridgeRequestLog[];
  close(): Promise<void>;
}

type JsonReply = { result: unknown } | { error: string };

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const host = options.host ?? '127.0.0.1';
  const requests: BridgeRequestLog[] = [];
  let fault: BridgeFault | null = null;
  let redis: RespClient | undefined;
  const scripts = new LuaShebangCompat();

  const connection = async (): Promise<RespClient> => {
    if (!redis || redis.closed) redis = await RespClient.connect(options.redisPort);
    return redis;
  };

  const takeFault = (): BridgeFault | null => {
    const current = fault;
    if (current?.times !== undefined) {
      current.times -= 1;
      if (current.times <= 0) fault = null;
    }
    return current;
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: `ERR bridge: ${(error as Error).message}` });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (request.headers.authorization !== `Bearer ${options.token}`) return sendJson(response, 401, { error: 'Unauthorized' });
    const path = new URL(request.url ?? '/', 'http://bridge').pathname.replace(/\/+$/, '') || '/';
    if (request.method !== 'POST' || !['/', '/pipeline', '/multi-exec'].includes(path)) return sendJson(response, 404, { error: 'ERR bridge: not found' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return sendJson(response, 400, { error: 'ERR failed to parse command' });
    }
    const commands = path === '/' ? [parsed] : parsed;
    if (!Array.isArray(commands) || !commands.every(isCommand)) return sendJson(response, 400, { error: 'ERR failed to parse command' });
    requests.push({ path, commands: commands.map((command) => String(command[0]).toUpperCase()) });

    const active = takeFault();
    if (active?.delayMs) await new Promise((resolve) => setTimeout(resolve, active.delayMs));
    if (active?.closeSocket) return void request.socket.destroy();
    if (active?.status) return sendJson(response, active.status, { error: active.status === 429 ? 'ERR max requests limit exceeded' : 'ERR injected fault' });

    const base64 = String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const strings = commands.map((command) => scripts.rewrite(command.map(String)));
    let client: RespClient;
    let replies: RespValue[];
    try {
      client = await connection();
      replies = await client.send(path === '/multi-exec' ? [['MULTI'], ...strings, ['EXEC']] : strings);
    } catch (error) {
      return sendJson(response, 500, { error: `ERR bridge: redis unavailable (${(error as Error).message})` });
    }

    if (path === '/') {
      const reply = toJsonReply(replies[0] ?? null, base64);
      return sendJson(response, 'error' in reply ? 400 : 200, reply);
    }
    if (path === '/pipeline') return sendJson(response, 200, replies.map((reply) => toJsonReply(reply, base64)));
    const executed = replies[replies.length - 1];
    if (executed instanceof RespError) return sendJson(response, 400, { error: executed.message });
    if (!Array.isArray(executed)) return sendJson(response, 400, { error: 'ERR transaction aborted' });
    return sendJson(response, 200, executed.map((reply) => toJsonReply(reply, base64)));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    token: options.token,
    requests,
    setFault(next) {
      fault = next ? { ...next } : null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        redis?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isCommand(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => ['string', 'number', 'boolean'].includes(typeof item));
}

function toJsonReply(reply: RespValue, base64: boolean): JsonReply {
  if (reply instanceof RespError) return { error: reply.message };
  return { result: toJson(reply, base64) };
}

function toJson(value: RespValue, base64: boolean): unknown {
  if (value === null || typeof value === 'number') return value;
  if (value instanceof RespError) return value.message;
  if (value instanceof RespStatus) return base64 && value.value !== 'OK' ? Buffer.from(value.value).toString('base64') : value.value;
  if (Array.isArray(value)) return value.map((item: RespValue) => toJson(item, base64));
  return base64 ? value.toString('base64') : value.toString('utf8');
}



function flag(name: string, fallback?: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bridge = await startBridge({
    redisPort: Number(flag('redis-port', '6379')),
    port: Number(flag('port', '8079')),
    token: flag('token', 'dev-token') ?? 'dev-token',
  });
  console.log(`Upstash REST bridge on ${bridge.url} → redis 127.0.0.1:${flag('redis-port', '6379')} (token from --token)`);
  const stop = () => void bridge.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
