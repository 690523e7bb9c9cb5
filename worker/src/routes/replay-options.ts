/**
 * How a request's writes and handoffs reach the delivery queue: the options
 * the delivery and store-replay services take, built from config and the
 * request's dependencies. The routes and the background entry points share it.
 */
import type { Context } from 'hono';
import type { Config } from '../config';
import type { Dependencies } from '../dependencies';
import type { AppEnv } from '../env';
import type { DeliveryOptions } from '../services/delivery';
import type { ReplayOptions } from '../services/store-replay';
import { storeCallWorstMs } from '../ports/support-store';

export function deliveryOptions(config: Config, dependencies: Pick<Dependencies, 'store' | 'sinks' | 'queue' | 'log'>): DeliveryOptions {
  return {
    store: dependencies.store,
    sinks: dependencies.sinks,
    queue: dependencies.queue,
    retryBaseSeconds: config.handoffRetryBaseSeconds,
    maxAttempts: config.handoffMaxAttempts,
    log: dependencies.log,
  };
}

/** How a request's store writes survive a store outage: the same queue and retry settings as handoffs. */
export function replayOptions(c: Context<AppEnv>): ReplayOptions {
  const config = c.get('config');
  return { ...deliveryOptions(config, c.get('dependencies')), storeCallWorstMs: storeCallWorstMs(config.redisTimeoutMs), waitUntil: waitUntilOf(c) };
}

/** The request's `waitUntil`, or undefined under app.request() in tests, which has no execution context. */
export function waitUntilOf(c: Context<AppEnv>): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const context = c.executionCtx;
    return (promise) => context.waitUntil(promise);
  } catch {
    return undefined;
  }
}
