import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { demoIndexPort, demoPageForPort, originsWithDemo, resolvePort, wranglerArgs, wranglerEnv } from './start-options';

describe('npm start on another port', () => {
  it('takes the port from --port, --port=, or PORT, else 8787', () => {
    expect(resolvePort([], {})).toBe(8787);
    expect(resolvePort(['--port', '8801'], {})).toBe(8801);
    expect(resolvePort(['--port=8802'], {})).toBe(8802);
    expect(resolvePort([], { PORT: '8803' })).toBe(8803);
    expect(resolvePort(['--port', '8804'], { PORT: '8803' })).toBe(8804);
  });

  it('refuses a port that is not one, naming both ways to pick one', () => {
    expect(() => resolvePort(['--port', 'eighty'], {})).toThrow(/--port 8801 or PORT=8801/);
    expect(() => resolvePort([], { PORT: '70000' })).toThrow(/1 to 65535/);
  });

  it('passes the port to wrangler exactly once and keeps its other arguments', () => {
    expect(wranglerArgs(['--port', '8801', '--inspector-port', '9230'], 8801)).toEqual(['dev', '--port', '8801', '--inspector-port', '9230']);
    expect(wranglerArgs([], 8787)).toEqual(['dev', '--port', '8787']);
  });

  it('points the built demo page (script tag and the snippet it shows) at the port served', () => {
    const page = demoPageForPort(readFileSync('examples/site/index.html', 'utf8'), 8801);
    expect(page).not.toContain('127.0.0.1:8787');
    expect(page).toContain('<script src="http://127.0.0.1:8801/widget.js"');
    expect(page).toContain('&lt;script src="http://127.0.0.1:8801/widget.js"');
  });

  it('recognises the demo index by its citation links and the port they name', () => {
    expect(demoIndexPort(['http://127.0.0.1:8787/docs/sync/', 'http://127.0.0.1:8787/docs/billing/'])).toBe(8787);
    expect(demoIndexPort(['http://127.0.0.1:8801/docs/sync/'])).toBe(8801);
    expect(demoIndexPort(['https://docs.example.com/a', 'http://127.0.0.1:8787/docs/b'])).toBeUndefined();
  });

  it('adds the demo origins of the port to ALLOWED_ORIGINS without repeating one', () => {
    expect(originsWithDemo('http://127.0.0.1:8787,http://localhost:8787', 8801)).toBe(
      'http://127.0.0.1:8787,http://localhost:8787,http://127.0.0.1:8801,http://localhost:8801',
    );
    expect(originsWithDemo('http://127.0.0.1:8801', 8801)).toBe('http://127.0.0.1:8801,http://localhost:8801');
  });
});

describe('wrangler offline', () => {
  it('runs without metrics and without fetching workers.cloudflare.com/cf.json', () => {
    const env = wranglerEnv({ PATH: '/bin' });
    expect(env).toMatchObject({ PATH: '/bin', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' });
  });
});
