import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { isAllowedOrigin, logRefusedOrigin } from '../http/cors';

export const embedCheck = new Hono<AppEnv>();

/**
 * Whether the calling page's origin may use this worker, readable from any
 * origin: a widget on a page missing from ALLOWED_ORIGINS learns why every
 * other call fails, and the SUPPORT_EMAIL to offer the visitor instead. It
 * tells nothing more than a CORS preflight does, and reads nothing secret.
 */
embedCheck.get('/', (c) => {
  const origin = c.req.header('origin');
  const config = c.get('config');
  const allowed = isAllowedOrigin(c, origin);
  if (origin && !allowed && origin !== 'null') logRefusedOrigin(c, origin);
  if (origin && origin !== 'null') c.header('access-control-allow-origin', origin);
  c.header('vary', 'Origin');
  c.header('cache-control', 'no-store');
  return c.json({ allowed, variable: 'ALLOWED_ORIGINS', ...(config.supportEmail ? { supportEmail: config.supportEmail } : {}) });
});
