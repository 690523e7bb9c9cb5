import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { json, testApp } from '../../../test/test-support';

const env = { ALLOWED_ORIGINS: 'https://shop.example', SUPPORT_EMAIL: 'help@shop.example' };

describe('an origin missing from ALLOWED_ORIGINS', () => {
  it('is logged once per isolate, naming ALLOWED_ORIGINS, however often it calls', async () => {
    const { request, logs } = await testApp({ env });
    for (let index = 0; index < 3; index++) {
      await (await request('/v1/chat', json({ message: 'hi there' }, { origin: 'https://blog.shop.example' }))).text();
      await request('/v1/handoff', { method: 'OPTIONS', headers: { origin: 'https://blog.shop.example', 'access-control-request-method': 'POST' } });
    }
    const refused = logs.filter((line) => line.includes('https://blog.shop.example'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/not in ALLOWED_ORIGINS; add it there/);
    await (await request('/v1/chat', json({ message: 'hi there' }, { origin: 'https://shop.example' }))).text();
    expect(logs.filter((line) => line.includes('refused'))).toHaveLength(1);
  });

  it('can read /v1/embed-check, which says it is refused and offers SUPPORT_EMAIL; the rest of the API stays closed to it', async () => {
    const { request } = await testApp({ env });
    const refused = await request('/v1/embed-check', { headers: { origin: 'https://elsewhere.example' } });
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
    expect(await refused.json()).toEqual({ allowed: false, variable: 'ALLOWED_ORIGINS', supportEmail: 'help@shop.example' });
    const allowed = await request('/v1/embed-check', { headers: { origin: 'https://shop.example' } });
    expect(await allowed.json()).toMatchObject({ allowed: true });
    const config = await request('/v1/config', { headers: { origin: 'https://elsewhere.example' } });
    expect(config.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('ALLOWED_ORIGINS values that could never match', () => {
  const origins = (value: string) => parseConfig({ ALLOWED_ORIGINS: value }).allowedOrigins;

  it('normalises a trailing slash and upper case to the origin a browser sends', () => {
    expect(origins('https://Shop.Example/, http://127.0.0.1:8801/')).toEqual(['https://shop.example', 'http://127.0.0.1:8801']);
  });

  it('refuses a missing scheme, a path or *, naming the value to set', () => {
    expect(() => origins('shop.example')).toThrow('ALLOWED_ORIGINS has "shop.example", which no browser ever sends as an origin: it has no scheme; set it to https://shop.example.');
    expect(() => origins('https://shop.example/help')).toThrow(/no path, query or user; set it to https:\/\/shop\.example\./);
    expect(() => origins('*')).toThrow(/never allows every origin/);
    expect(() => origins('ftp://shop.example')).toThrow(/http or https/);
  });
});
