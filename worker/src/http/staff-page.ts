/**
 * What the staff pages (/admin, /agent) share: strict secure headers (scripts
 * and styles only from this origin, never framed, no referrer) and the way
 * their static shell and stylesheet are served. They hold no data: the page
 * asks for the token and calls its API with a Bearer header.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../env';

export function staffPageHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      connectSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    xFrameOptions: 'DENY',
  }) as MiddlewareHandler<AppEnv>;
}

export function serveShell(c: Context<AppEnv>, html: string): Response {
  c.header('cache-control', 'no-store');
  return c.html(html);
}

export function serveStylesheet(c: Context<AppEnv>, css: string): Response {
  c.header('content-type', 'text/css; charset=utf-8');
  c.header('cache-control', 'public, max-age=300');
  return c.body(css);
}
