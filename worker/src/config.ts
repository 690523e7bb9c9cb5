/**
 * Parse env once: typed config, or a clear error naming the variable and the fix.
 *
 * Every tunable is declared in VARIABLES with its default and its effect; the
 * README's config table is checked against this list by a test.
 */
import { DEFAULT_TRIAGE_CATEGORIES } from '../../shared/triage';
import { DEFAULT_STORE_TIMEOUT_MS } from './ports/support-store';
import { parseNoAiTopics, type NoAiTopic } from './domain/no-ai-topics';
import { assertTimeZone, parseBusinessHours } from './domain/business-hours';
import { band, boolean, choice, colour, ConfigError, cron, integer, launcherIcon, list, optionalUrl, origins, text, type VariableSpec } from './config-variables';

export { ConfigError, parseOrigin } from './config-variables';

type Raw = Record<string, unknown>;

/** Every variable the worker reads, in the order of the README table. */
export const VARIABLES = {
  environment: choice('ENVIRONMENT', 'development', 'development or production. Production refuses embedded defaults (in-memory store).', ['development', 'production', 'test'] as const),
  allowedOrigins: origins(
    'ALLOWED_ORIGINS',
    'http://127.0.0.1:8787,http://localhost:8787',
    'Comma-separated origins allowed to call the API (CORS), each scheme://host[:port] with no path, e.g. https://www.example.com. Only these are echoed; a refused origin is logged once naming this variable.',
  ),
  title: text('WIDGET_TITLE', '', "Title of the chat panel. Empty: the widget's own (\"Support\"), in the visitor's language."),
  greeting: text('WIDGET_GREETING', '', "First message shown in the panel. Empty: the widget's own (\"Hi! How can we help?\"), in the visitor's language."),
  color: colour,
  position: choice('WIDGET_POSITION', 'bottom-right', 'Launcher corner: bottom-right or bottom-left.', ['bottom-right', 'bottom-left'] as const),
  launcherIcon,
  humanLabel: text('HUMAN_LABEL', '', "Wording of the always-visible human button. Empty: the widget's own (\"Talk to a human\"), in the visitor's language."),
  humanIntro: text('HUMAN_INTRO', '', "Text at the top of the handoff form. Empty: the widget's own, in the visitor's language."),
  supportEmail: text('SUPPORT_EMAIL', '', 'Shown as a mailto fallback when a handoff cannot be recorded.'),
  openaiApiKey: text('OPENAI_API_KEY', '', 'Key for the OpenAI-compatible server. Empty: answers are extractive excerpts, no LLM.', true),
  openaiBaseUrl: optionalUrl('OPENAI_BASE_URL', 'Base URL of any OpenAI-compatible server (OpenAI, Azure, Groq, Ollama, vLLM, llama.cpp). Empty: OpenAI.'),
  openaiModel: text('OPENAI_MODEL', 'gpt-4o-mini', 'Chat model name.'),
  openaiTimeoutMs: integer('OPENAI_TIMEOUT_MS', 20000, 'Timeout of one LLM request, in milliseconds.', 1000, 120000),
  openaiMaxRetries: integer('OPENAI_MAX_RETRIES', 1, 'Retries of a failed LLM request before the stream starts.', 0, 5),
  maxAnswerTokens: integer('MAX_ANSWER_TOKENS', 600, 'Upper bound on tokens in one answer.', 50, 4000),
  minConfidence: choice('MIN_CONFIDENCE', 'low', 'Below this retrieval confidence the assistant says "I\'m not sure" and offers a human, with no LLM call: low, medium or high.', ['low', 'medium', 'high'] as const),
  handoffWebhookUrl: optionalUrl('HANDOFF_WEBHOOK_URL', 'Where handoff packets are POSTed as signed JSON.', true),
  handoffWebhookSecret: text('HANDOFF_WEBHOOK_SECRET', '', 'Standard Webhooks secret (whsec_...) used to sign handoff deliveries.', true),
  slackWebhookUrl: optionalUrl('SLACK_WEBHOOK_URL', 'Slack incoming-webhook URL: each handoff is also posted there as a readable message (reason, customer, last question, inbox link).', true),
  emailWebhookUrl: optionalUrl('EMAIL_WEBHOOK_URL', "Where agent replies are POSTed (signed like handoffs) so your mailer can email the visitor. Empty: replies reach the widget only.", true),
  agentToken: text('AGENT_TOKEN', '', 'Bearer token for the agent inbox at /agent (24+ characters, e.g. `openssl rand -base64 32`). Empty: the inbox is off.', true),
  publicUrl: optionalUrl('PUBLIC_URL', "This worker's public origin, for links to the inbox in Slack messages and webhooks (e.g. https://support.example.com). Empty: links are left out."),
  businessHours: {
    name: 'BUSINESS_HOURS',
    default: '',
    effect: 'When a person answers, e.g. "mon-fri 09:00-17:00, sat 10:00-14:00" in TIMEZONE. Out of hours a handoff becomes an emailed ticket. Empty: always staffed.',
    parse(value, variable) {
      try {
        parseBusinessHours(value, 'UTC');
        return value;
      } catch (error) {
        throw new ConfigError(`${variable}="${value}" is invalid: ${error instanceof Error ? error.message : 'use e.g. mon-fri 09:00-17:00'}.`);
      }
    },
  } satisfies VariableSpec<string>,
  timezone: {
    name: 'TIMEZONE',
    default: 'UTC',
    effect: 'IANA time zone of BUSINESS_HOURS, e.g. Europe/Berlin.',
    parse(value, variable) {
      try {
        return assertTimeZone(value);
      } catch {
        throw new ConfigError(`${variable}="${value}" is invalid: set it to an IANA time zone such as Europe/Berlin or America/New_York.`);
      }
    },
  } satisfies VariableSpec<string>,
  handoffRetryBaseSeconds: integer('HANDOFF_RETRY_BASE_SECONDS', 30, 'First retry delay of a failed handoff delivery, and of a conversation write the store refused (replayed from the queue), in seconds; doubled on each attempt up to an hour.', 1, 3600),
  handoffMaxAttempts: integer('HANDOFF_MAX_ATTEMPTS', 10, 'Delivery attempts per handoff before it is marked failed (it stays in the agent inbox); also replays per refused conversation write before it is logged as not saved.', 1, 100),
  retrievalTimeoutMs: integer('RETRIEVAL_TIMEOUT_MS', 3000, 'Timeout of one retrieval (local index or Upstash Vector), in milliseconds.', 100, 30000),
  promptTokenBudget: integer('PROMPT_TOKEN_BUDGET', 3000, 'Upper bound on the prompt sent to the model, in tokens (history is trimmed oldest first).', 500, 100000),
  escalationThreshold: integer('ESCALATION_THRESHOLD', 2, 'How many soft signals (frustration, cancel intent, high value, low confidence, complexity, loop, long conversation) must agree to hand over to a human.', 1, 7),
  noAiTopics: {
    name: 'NO_AI_TOPICS',
    default: 'all',
    effect: 'Topics the AI never answers, only hands to a human: refund, billing-dispute, legal, privacy, security, policy-exception; or all / none.',
    parse(value, variable) {
      try {
        return parseNoAiTopics(value);
      } catch (error) {
        throw new ConfigError(`${variable}="${value}" is invalid: ${error instanceof Error ? error.message : 'use a comma-separated list of topic ids'}.`);
      }
    },
  } satisfies VariableSpec<readonly NoAiTopic[]>,
  triageCategories: {
    name: 'TRIAGE_CATEGORIES',
    default: DEFAULT_TRIAGE_CATEGORIES.join(','),
    effect: 'Ticket categories, comma-separated (lower-case, digits, hyphens). The triage model predicts the default nine; a predicted category not listed becomes other (or the last one listed).',
    parse(value, variable) {
      const categories = value.split(',').map((item) => item.trim()).filter(Boolean);
      const bad = categories.find((item) => !/^[a-z0-9][a-z0-9-]{0,39}$/.test(item));
      if (categories.length === 0 || bad !== undefined) throw new ConfigError(`${variable}="${value}" is invalid: ${bad === undefined ? 'list at least one category' : `"${bad}" is not a category id (lower-case letters, digits, hyphens)`}.`);
      if (new Set(categories).size !== categories.length) throw new ConfigError(`${variable}="${value}" is invalid: a category is listed twice.`);
      return categories;
    },
  } satisfies VariableSpec<readonly string[]>,
  triageWithLlm: boolean('TRIAGE_WITH_LLM', false, 'true: with an LLM configured, each message also gets one structured triage call (JSON schema) that may add an escalation, never remove one, and falls back to the offline model after 2 s. It costs one more model call per message, outside DAILY_LLM_CALLS. false: the offline model alone.'),
  maxTurnsBeforeEscalation: integer('MAX_TURNS_BEFORE_ESCALATION', 8, 'Visitor turns without resolution after which "long conversation" counts as a signal.', 1, 1000),
  maxMinutesBeforeEscalation: integer('MAX_MINUTES_BEFORE_ESCALATION', 20, 'Minutes without resolution after which "long conversation" counts as a signal.', 1, 10080),
  identitySecret: text('IDENTITY_SECRET', '', "HS256 secret shared with the site owner's backend to sign customer identity tokens. Empty: every token is treated as unverified.", true),
  identityMaxAgeSeconds: integer('IDENTITY_MAX_AGE_SECONDS', 86400, 'Longest lifetime an identity token may have: its exp at most this far ahead, and its iat (when set) at most this far back. Longer-lived tokens are refused.', 60, 2592000),
  identityAudience: text('IDENTITY_AUDIENCE', '', 'The aud an identity token may carry to name this deployment. Empty: PUBLIC_URL. A token without aud is accepted; one whose aud names another deployment is refused.'),
  indexUrl: text('LOCAL_INDEX_PATH', '/index/docs.json', 'Path of the local search index among the static assets.'),
  conversationTtlDays: integer('CONVERSATION_TTL_DAYS', 30, 'Days a conversation is kept after its last message.', 1, 3650),
  redisUrl: optionalUrl('UPSTASH_REDIS_REST_URL', 'Upstash Redis REST URL. Set (with the token): conversations, handoffs and rate limits live in Redis. Empty: in memory.'),
  redisToken: text('UPSTASH_REDIS_REST_TOKEN', '', 'Upstash Redis REST token.', true),
  redisTimeoutMs: integer('UPSTASH_TIMEOUT_MS', DEFAULT_STORE_TIMEOUT_MS, 'Timeout of one Upstash Redis request, in milliseconds.', 100, 30000),
  vectorUrl: optionalUrl('UPSTASH_VECTOR_REST_URL', 'Upstash Vector REST URL. Set (with the token): retrieval uses Upstash Vector. Empty: the local index.'),
  vectorToken: text('UPSTASH_VECTOR_REST_TOKEN', '', 'Upstash Vector REST token.', true),
  docsSyncUrl: optionalUrl('DOCS_SYNC_URL', 'Your docs site (e.g. https://docs.example.com/): the Worker re-crawls it into Upstash Vector on DOCS_SYNC_CRON, a slice of pages per cron tick, with the crawl state in Redis. Needs Upstash Vector and Upstash Redis. Empty: no sync (with the local index, sync is re-ingest and deploy).'),
  docsSyncCron: cron('DOCS_SYNC_CRON', '0 3 * * *', 'When a docs sync starts (five-field cron, UTC); the 5-minute cron trigger in wrangler.toml then carries it on until every page is read.'),
  docsSyncPagesPerRun: integer('DOCS_SYNC_PAGES_PER_RUN', 30, 'Pages one cron tick of the docs sync reads: with its Redis and Vector calls it stays under the 50 subrequests of the Workers Free plan. Raise it on the Paid plan (1,000).', 1, 900),
  embeddingModel: text('EMBEDDING_MODEL', '', "Embedding model on the OpenAI-compatible server, for Vector indexes without a hosted model. Empty: the index's own embedding model (query by text)."),
  rateLimitVisitorPerMinute: integer('RATE_LIMIT_VISITOR_PER_MINUTE', 10, 'Chat messages one visitor may send per minute.', 1, 10000),
  rateLimitSitePerMinute: integer('RATE_LIMIT_SITE_PER_MINUTE', 300, 'Chat messages the whole site may receive per minute.', 1, 1000000),
  rateLimitSiteHandoffsPerHour: integer('RATE_LIMIT_SITE_HANDOFFS_PER_HOUR', 100, 'Handoffs the whole site may receive per hour, on top of 10 per address per 10 minutes; past it visitors are pointed to the support email.', 1, 1000000),
  dailyLlmCalls: integer('DAILY_LLM_CALLS', 2000, 'LLM calls per day (UTC) for the site; past it answers are extractive.', 0, 10000000),
  dailyLlmTokens: integer('DAILY_LLM_TOKENS', 2000000, 'LLM tokens per day (UTC) for the site; past it answers are extractive.', 0, 1000000000),
  rateLimitTimeoutMs: integer('RATE_LIMIT_TIMEOUT_MS', 1000, 'How long a rate-limit check may wait for Upstash before the per-isolate limit decides.', 50, 10000),
  aiEnabled: boolean('AI_ENABLED', true, 'Kill switch. false: no AI answers at all; the widget is human-only (contact form, business hours) and says so, and /v1/chat makes no retrieval or LLM call.'),
  rolloutPercent: integer('ROLLOUT_PERCENT', 100, 'Share of visitors (0-100, by a stable hash of their anonymous id) who get the AI; the rest get the human-only widget. Both are counted, so their CSAT can be compared.', 0, 100),
  products: {
    name: 'PRODUCTS',
    default: '',
    effect: 'Comma-separated product slugs the AI answers for (the widget\'s data-product). Questions about other products go to a human. Empty: all products.',
    parse(value, variable) {
      const slugs = value.split(',').map((item) => item.trim()).filter(Boolean);
      const bad = slugs.find((slug) => !/^[a-z0-9][a-z0-9-]{0,47}$/.test(slug));
      if (bad !== undefined) throw new ConfigError(`${variable} has "${bad}", which is not a product slug: use lower-case letters, digits and dashes, comma-separated (e.g. lumen,lumen-teams).`);
      return slugs;
    },
  } satisfies VariableSpec<string[]>,
  internalOnly: boolean('INTERNAL_ONLY', false, 'true: only verified internal users (identity token claim "internal": true) get AI answers, for testing in-house first; everyone else gets a person. Needs IDENTITY_SECRET.'),
  assumedResolutionHours: integer('ASSUMED_RESOLUTION_HOURS', 24, 'Hours of silence after a useful answer before a conversation counts as resolved-assumed (reported apart from confirmed); after an unhelpful one it counts as abandoned.', 1, 720),
  reopenWindowHours: integer('REOPEN_WINDOW_HOURS', 72, 'A visitor who writes again within this many hours of a resolution reopens it (counted as reopened, not resolved).', 1, 2160),
  targetContainment: band('TARGET_CONTAINMENT', '50-80', 'Healthy band for containment (AI-resolved, with assumed), in percent: the admin dashboard draws it and warns outside it. Above it usually means visitors cannot reach a person.'),
  targetEscalation: band('TARGET_ESCALATION', '20-40', 'Healthy band for the escalation rate, in percent (dashboard band and warnings).'),
  targetCsat: band('TARGET_CSAT', '80-100', 'Healthy band for CSAT, the share of 4 and 5 answers, in percent (dashboard band and warnings).'),
  adminToken: text('ADMIN_TOKEN', '', 'Bearer token for the admin dashboard at /admin (24+ characters, e.g. `openssl rand -base64 32`). Empty: the dashboard is off.', true),
} satisfies Record<string, VariableSpec<unknown>>;

type Variables = typeof VARIABLES;
export type Config = { [K in keyof Variables]: Variables[K] extends VariableSpec<infer T> ? T : never };

/** Parse and validate env. Throws ConfigError naming the first bad variable and its fix. */
export function parseConfig(env: Raw): Config {
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(VARIABLES) as [string, VariableSpec<unknown>][]) {
    const raw = env[spec.name];
    const value = typeof raw === 'string' ? raw.trim() : raw === undefined ? spec.default : String(raw);
    config[key] = spec.parse(value === '' && spec.default !== '' ? spec.default : value, spec.name);
  }
  const parsed = config as Config;
  if (Boolean(parsed.redisUrl) !== Boolean(parsed.redisToken)) {
    throw new ConfigError('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN go together: set both (wrangler secret put UPSTASH_REDIS_REST_TOKEN) or neither.');
  }
  if (Boolean(parsed.vectorUrl) !== Boolean(parsed.vectorToken)) {
    throw new ConfigError('UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN go together: set both (wrangler secret put UPSTASH_VECTOR_REST_TOKEN) or neither.');
  }
  if (parsed.environment === 'production' && !parsed.redisUrl) {
    throw new ConfigError(
      'ENVIRONMENT=production refuses the in-memory store (conversations and handoffs would be lost on restart): set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (wrangler secret put UPSTASH_REDIS_REST_TOKEN).',
    );
  }
  if (parsed.docsSyncUrl && (!parsed.vectorUrl || !parsed.redisUrl)) {
    throw new ConfigError(
      `DOCS_SYNC_URL needs ${parsed.vectorUrl ? '' : 'Upstash Vector (UPSTASH_VECTOR_REST_URL and _TOKEN), where the pages go'}${!parsed.vectorUrl && !parsed.redisUrl ? ' and ' : ''}${parsed.redisUrl ? '' : 'Upstash Redis (UPSTASH_REDIS_REST_URL and _TOKEN), where the crawl state is kept'}. With the local index, sync is \`npm run ingest -- <URL>\` and deploy: leave DOCS_SYNC_URL empty.`,
    );
  }
  if (parsed.agentToken && parsed.agentToken.length < 24) {
    throw new ConfigError('AGENT_TOKEN is too short: use 24 or more random characters, e.g. `openssl rand -base64 32` (wrangler secret put AGENT_TOKEN).');
  }
  if (parsed.adminToken && !/^[A-Za-z0-9._~+/=-]{24,256}$/.test(parsed.adminToken)) {
    throw new ConfigError('ADMIN_TOKEN must be 24 to 256 characters without spaces: generate one with `openssl rand -base64 32` (wrangler secret put ADMIN_TOKEN).');
  }
  if (parsed.internalOnly && !parsed.identitySecret) {
    throw new ConfigError('INTERNAL_ONLY=true needs IDENTITY_SECRET, or no visitor can be verified as internal: set IDENTITY_SECRET (wrangler secret put IDENTITY_SECRET) or INTERNAL_ONLY=false.');
  }
  if (parsed.handoffWebhookSecret && !/^whsec_[A-Za-z0-9+/=]{16,}$/.test(parsed.handoffWebhookSecret)) {
    throw new ConfigError('HANDOFF_WEBHOOK_SECRET must look like whsec_<base64>: generate one with `openssl rand -base64 32` and prefix it with whsec_ (wrangler secret put HANDOFF_WEBHOOK_SECRET).');
  }
  return parsed;
}

const cache = new WeakMap<object, Config>();

/** Parsed once per env object (per isolate); a bad value throws ConfigError with the fix, logged here (the edge answers 500 without it). */
export function configFrom(env: object): Config {
  let config = cache.get(env);
  if (!config) {
    try {
      config = parseConfig(env as Raw);
    } catch (error) {
      if (error instanceof ConfigError) console.error(`[switchboard] configuration error: ${error.message}`);
      throw error;
    }
    cache.set(env, config);
  }
  return config;
}
