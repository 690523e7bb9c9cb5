import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, VARIABLES } from './config';

describe('parseConfig', () => {
  it('runs on embedded defaults with no variables at all', () => {
    const config = parseConfig({});
    expect(config.environment).toBe('development');
    expect(config.openaiApiKey).toBe('');
    expect(config.redisUrl).toBeUndefined();
    expect(config.minConfidence).toBe('low');
    expect(config.escalationThreshold).toBe(2);
    expect(config.targetEscalation).toEqual({ min: 0.2, max: 0.4 });
  });

  it('refuses a DOCS_SYNC_URL that is not http(s), a bad DOCS_SYNC_CRON, and a sync without Upstash Vector and Redis', () => {
    const stores = { UPSTASH_REDIS_REST_URL: 'https://r.example', UPSTASH_REDIS_REST_TOKEN: 't', UPSTASH_VECTOR_REST_URL: 'https://v.example', UPSTASH_VECTOR_REST_TOKEN: 't' };
    expect(() => parseConfig({ ...stores, DOCS_SYNC_URL: 'ftp://docs.example.com' })).toThrow('DOCS_SYNC_URL is not a valid http(s) URL');
    expect(() => parseConfig({ ...stores, DOCS_SYNC_URL: 'https://docs.example.com/', DOCS_SYNC_CRON: 'daily' })).toThrow('DOCS_SYNC_CRON="daily" is invalid: set it to a five-field cron schedule in UTC, e.g. "0 3 * * *"');
    expect(() => parseConfig({ ...stores, DOCS_SYNC_CRON: '0 25 * * *' })).toThrow(/DOCS_SYNC_CRON="0 25 \* \* \*" is invalid: .*hour/i);
    expect(() => parseConfig({ DOCS_SYNC_URL: 'https://docs.example.com/' })).toThrow(
      'DOCS_SYNC_URL needs Upstash Vector (UPSTASH_VECTOR_REST_URL and _TOKEN), where the pages go and Upstash Redis (UPSTASH_REDIS_REST_URL and _TOKEN), where the crawl state is kept. With the local index, sync is `npm run ingest -- <URL>` and deploy',
    );
    const config = parseConfig({ ...stores, DOCS_SYNC_URL: 'https://docs.example.com/' });
    expect([config.docsSyncUrl, config.docsSyncCron, config.docsSyncPagesPerRun]).toEqual(['https://docs.example.com/', '0 3 * * *', 30]);
  });

  it('reads the escalation policy from its four variables, and names the variable of a bad value', () => {
    const config = parseConfig({ ESCALATION_THRESHOLD: '3', NO_AI_TOPICS: 'refund, legal', MAX_TURNS_BEFORE_ESCALATION: '12', MAX_MINUTES_BEFORE_ESCALATION: '45' });
    expect([config.escalationThreshold, config.noAiTopics, config.maxTurnsBeforeEscalation, config.maxMinutesBeforeEscalation]).toEqual([3, ['refund', 'legal'], 12, 45]);
    expect(parseConfig({ NO_AI_TOPICS: 'none' }).noAiTopics).toEqual([]);
    expect(() => parseConfig({ ESCALATION_THRESHOLD: 'two' })).toThrow(/ESCALATION_THRESHOLD="two" is invalid: set it to a whole number from 1 to 7/);
  });

  it('takes the ticket categories from TRIAGE_CATEGORIES, the labelling guide nine by default', () => {
    expect(parseConfig({}).triageCategories).toEqual(['how-to', 'technical-issue', 'account-access', 'billing', 'plans-pricing', 'cancellation', 'privacy-security', 'feature-request', 'other']);
    expect(parseConfig({ TRIAGE_CATEGORIES: 'billing, other ,how-to' }).triageCategories).toEqual(['billing', 'other', 'how-to']);
  });

  it('gives every variable a documented effect', () => {
    for (const spec of Object.values(VARIABLES)) expect(spec.effect.length, spec.name).toBeGreaterThan(10);
  });

  it.each([
    [{ WIDGET_COLOR: 'blue' }, /WIDGET_COLOR="blue" is invalid: set it to a hex colour/],
    [{ OPENAI_TIMEOUT_MS: 'soon' }, /OPENAI_TIMEOUT_MS="soon" is invalid: set it to a whole number from 1000 to 120000/],
    [{ MIN_CONFIDENCE: 'certain' }, /MIN_CONFIDENCE="certain" is invalid: set it to one of low, medium, high/],
    [{ HANDOFF_WEBHOOK_URL: 'ftp://x' }, /HANDOFF_WEBHOOK_URL is not a valid http\(s\) URL/],
    [{ HANDOFF_WEBHOOK_SECRET: 'hunter2' }, /HANDOFF_WEBHOOK_SECRET must look like whsec_/],
    [{ NO_AI_TOPICS: 'refund,weather' }, /NO_AI_TOPICS="refund,weather" is invalid/],
    [{ TRIAGE_CATEGORIES: 'billing,Billing Stuff' }, /TRIAGE_CATEGORIES="billing,Billing Stuff" is invalid: "Billing Stuff" is not a category id/],
    [{ TRIAGE_CATEGORIES: 'billing,billing' }, /TRIAGE_CATEGORIES="billing,billing" is invalid: a category is listed twice/],
    [{ TRIAGE_CATEGORIES: ',,' }, /TRIAGE_CATEGORIES=",," is invalid: list at least one category/],
    [{ UPSTASH_REDIS_REST_URL: 'https://redis.example' }, /UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN go together/],
    [{ TARGET_ESCALATION: '40-20' }, /TARGET_ESCALATION="40-20" is invalid: set it to a percent range like 20-40/],
    [{ TARGET_CSAT: '80-120' }, /TARGET_CSAT="80-120" is invalid/],
    [{ TARGET_CONTAINMENT: 'high' }, /TARGET_CONTAINMENT="high" is invalid/],
    [{ WIDGET_LAUNCHER_ICON: '<svg onload=alert(1)>' }, /WIDGET_LAUNCHER_ICON="<svg onload=alert\(1\)>" is invalid: set it to an image URL/],
    [{ WIDGET_LAUNCHER_ICON: 'javascript:alert(1)' }, /WIDGET_LAUNCHER_ICON="javascript:alert\(1\)" is invalid/],
  ])('refuses %o with a message naming the variable and the fix', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('takes a launcher icon as an image URL or one or two characters, emoji sequences included', () => {
    for (const icon of ['https://cdn.example/icon.svg', '/assets/help.png', '💬', '👩‍💻', '?', 'AB']) expect(parseConfig({ WIDGET_LAUNCHER_ICON: icon }).launcherIcon).toBe(icon);
    expect(parseConfig({}).launcherIcon).toBe('');
  });

  it('refuses to run in production on the in-memory store, naming the settings to add', () => {
    expect(() => parseConfig({ ENVIRONMENT: 'production' })).toThrow(/set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN/);
    expect(parseConfig({ ENVIRONMENT: 'production', UPSTASH_REDIS_REST_URL: 'https://r.example', UPSTASH_REDIS_REST_TOKEN: 't' }).environment).toBe('production');
  });
});

describe('configFrom', () => {
  it('throws the typed ConfigError (no HTTP in config), logged once, and the edge maps it to a 500 without the fix', async () => {
    const { configFrom } = await import('./config');
    const { describeError } = await import('./http/errors');
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...line: unknown[]) => void logged.push(line.join(' '));
    try {
      const error = (() => {
        try {
          configFrom({ WIDGET_COLOR: 'blue' });
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(logged).toEqual([expect.stringContaining('WIDGET_COLOR')]);
      expect(describeError(error)).toEqual({ status: 500, code: 'internal', message: 'The service is misconfigured; the operator has been told.', headers: {} });
    } finally {
      console.error = original;
    }
  });
});
