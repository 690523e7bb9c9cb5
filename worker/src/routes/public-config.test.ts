import { describe, expect, it } from 'vitest';
import { testApp } from '../../../test/test-support';

describe('GET /v1/config and CORS', () => {
  it('returns the public widget config from env vars, and nothing secret', async () => {
    const { request } = await testApp({ env: { WIDGET_TITLE: 'Lumen Help', WIDGET_COLOR: '#aa3300', OPENAI_API_KEY: 'sk-secret-value', HANDOFF_WEBHOOK_SECRET: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0' } });
    const response = await request('/v1/config');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ title: 'Lumen Help', color: '#aa3300', position: 'bottom-right', aiEnabled: true });
    // Wording the site left empty is the widget's own, in the visitor's language: not sent.
    for (const key of ['greeting', 'humanLabel', 'humanIntro']) expect(JSON.parse(text)).not.toHaveProperty(key);
    expect(text).not.toContain('sk-secret-value');
    expect(text).not.toContain('whsec_');
    expect(JSON.parse(text)).not.toHaveProperty('launcherIcon');
    const withIcon = await (await testApp({ env: { WIDGET_LAUNCHER_ICON: '🛟' } })).request('/v1/config');
    expect(await withIcon.json()).toMatchObject({ launcherIcon: '🛟' });
  });

  it('echoes only allowed origins, never null or arbitrary ones, and always varies on Origin', async () => {
    const { request } = await testApp({ env: { ALLOWED_ORIGINS: 'https://shop.example' } });
    const allowed = await request('/v1/config', { headers: { origin: 'https://shop.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('vary')).toMatch(/Origin/i);
    for (const origin of ['https://evil.example', 'null', 'https://shop.example.evil.example']) {
      const refused = await request('/v1/config', { headers: { origin } });
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('vary')).toMatch(/Origin/i);
    }
    const preflight = await request('/v1/chat', { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('answers a bad config value with a clear 500, and names no secret', async () => {
    const { request } = await testApp({ env: { WIDGET_COLOR: 'blue' } });
    const response = await request('/v1/config');
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 'internal', message: expect.stringContaining('misconfigured') } });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { request } = await testApp();
    const response = await request('/v1/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('serves health', async () => {
    const { request } = await testApp();
    expect(await (await request('/v1/health')).json()).toEqual({ status: 'ok' });
  });
});
