/**
 * The link invariant (issue 16, finding 1): a link the visitor can click goes to a
 * host the retrieved sources (or the support email) name. Checked over the
 * worker's filter and then the widget's renderer (the one the staff pages use too),
 * on seeded random answers: link syntax closed and not, stray `](`, angle brackets,
 * userinfo, IDNs and look-alikes, reference-style links, placeholders.
 */
import type { VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../../shared/protocol';
import { renderMarkdown } from '../../../widget/src/markdown/render';
import { checkAnswer, createStreamGuard } from '../services/guardrails';

const SUPPORT = 'help@switchboard.example';
const sources: Source[] = [
  { n: 1, title: 'Billing', url: 'https://docs.lumen.example/billing', kind: 'doc' },
  { n: 2, title: 'Sync', url: 'https://help.lumen.example:8443/sync', kind: 'doc' },
];
const ALLOWED_ORIGINS = new Set(sources.map((source) => new URL(source.url).origin));

/** Every href the rendered answer would make clickable. */
function hrefs(nodes: unknown, out: string[] = []): string[] {
  if (Array.isArray(nodes)) for (const node of nodes) hrefs(node, out);
  else if (nodes && typeof nodes === 'object') {
    const props = (nodes as VNode<Record<string, unknown>>).props;
    if (typeof props.href === 'string') out.push(props.href);
    hrefs(props.children, out);
  }
  return out;
}

function violates(href: string): boolean {
  if (href.startsWith('mailto:')) return href.slice(7).toLowerCase() !== SUPPORT;
  const url = new URL(href);
  return !ALLOWED_ORIGINS.has(url.origin) || url.username !== '' || url.password !== '';
}

/** Mulberry32: a small seeded generator, so every run tries the same cases. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GOOD = ['https://docs.lumen.example/billing', 'https://help.lumen.example:8443/sync', 'https://DOCS.lumen.example/billing#x'];
const HOSTS = ['evil.com', 'evil.example.net', 'docs.lumen.example.evil.com', 'xn--dcs-lumen-example-evil.com', 'dоcs.lumen.example', 'docs.lumen.example%2eevil.com', '127.0.0.1', 'localhost', 'example.com', '[::1]', 'docs.lumen.example:8443'];
const PREFIXES = ['https://', 'http://', 'HTTPS://', 'https:\\\\', 'https:/', '//', 'www.', 'https://docs.lumen.example@', "http://localhost'@", 'https://example.com(@', 'https://docs.lumen.example/billing@', 'https://user:pw@', 'https://docs.lumen.example\t@'];
const PATHS = ['', '/', '/reset', '/login?next=https://evil.com', '/a)b', "/it's", '/(x)', '/%2F%2Fevil.com'];
const WRAPS: ((url: string) => string)[] = [
  (url) => `[account portal](${url})`,
  (url) => `[account portal](${url} and then log in`,
  (url) => `](${url})`,
  (url) => `[x](${url} "title")`,
  (url) => `<${url}>`,
  (url) => `${url}.`,
  (url) => `(${url})`,
  (url) => `[see][1]\n\n[1]: ${url}`,
  (url) => `[[1]](${url})`,
  (url) => `![img](${url}) [a](${url}`,
  (url) => `**[bold](${url})**`,
  (url) => `\`${url}\` ${url}`,
  (url) => `[a](mailto:${SUPPORT}) [b](mailto:attacker@${url.replace(/^\w+:\/*/, '')})`,
];

function answerFrom(next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const parts: string[] = [];
  for (let count = 1 + Math.floor(next() * 3); count > 0; count -= 1) {
    const url = next() < 0.2 ? pick(GOOD) : `${pick(PREFIXES)}${pick(HOSTS)}${pick(PATHS)}`;
    parts.push(pick(['Reset it here: ', 'See ', 'Your refund is at ', '', 'Steps [1]: ']) + pick(WRAPS)(url));
  }
  return parts.join(pick([' ', '\n', '\n\n', ' and ']));
}

describe('the link invariant over the worker filter and the renderer', () => {
  const options = { supportEmail: SUPPORT };

  it('holds for 3,000 seeded random answers, checked whole and streamed', () => {
    const next = random(1616);
    const failures: string[] = [];
    for (let run = 0; run < 3000; run += 1) {
      const answer = answerFrom(next);
      const whole = checkAnswer(answer, sources, options).text;
      const guard = createStreamGuard(sources, options);
      let streamed = '';
      for (let index = 0; index < answer.length; index += 7) streamed += guard.push(answer.slice(index, index + 7));
      streamed += guard.end();
      for (const text of [whole, streamed]) {
        const bad = hrefs(renderMarkdown(text, sources)).filter(violates);
        if (bad.length) failures.push(`${JSON.stringify(answer)} → ${bad.join(' ')}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('each layer holds alone on the reported attacks', () => {
    const attacks = [
      '[account portal](https://evil.com/reset and then log in',
      'Open ](https://evil.example.net/reset) now',
      "Go to http://localhost'@evil.com/login",
      'Go to https://example.com(@evil.example.net/login',
      'Go to https://docs.lumen.example@evil.com/billing',
      'Visit https://dоcs.lumen.example/billing',
    ];
    for (const attack of attacks) {
      expect(hrefs(renderMarkdown(attack, sources)).filter(violates), `renderer: ${attack}`).toEqual([]);
      const filtered = checkAnswer(attack, sources, options);
      expect(filtered.violations, `filter: ${attack}`).toContain('foreign-url');
      expect(filtered.text, `filter: ${attack}`).not.toMatch(/evil|dоcs/);
    }
  });

  it('links to the sources and the support mailbox stay clickable (control)', () => {
    const text = 'See [billing](https://docs.lumen.example/billing), https://help.lumen.example:8443/sync and [mail us](mailto:help@switchboard.example) [1].';
    const filtered = checkAnswer(text, sources, options);
    expect(filtered.changed).toBe(false);
    expect(hrefs(renderMarkdown(filtered.text, sources))).toEqual([
      'https://docs.lumen.example/billing',
      'https://help.lumen.example:8443/sync',
      'mailto:help@switchboard.example',
      'https://docs.lumen.example/billing',
    ]);
  });

  it('loopback and placeholder hosts in an answer are text, not links', () => {
    const text = 'Run it at http://localhost:3000/app or https://example.com/demo or http://127.0.0.1:8787.';
    const filtered = checkAnswer(text, sources, options).text;
    expect(filtered).toContain('http://localhost:3000/app');
    expect(hrefs(renderMarkdown(filtered, sources))).toEqual([]);
  });
});
