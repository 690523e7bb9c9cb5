import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { chromium } from '@playwright/test';
import { E2E } from './ports';

/**
 * Real Chromium against real `wrangler dev` servers. Two workers run: one on
 * the embedded defaults (extractive answers, no key), one generating through
 * the real `openai` SDK talking to the OpenAI-compatible test double.
 * Host pages come from another origin, like a customer's site.
 */
function browserExecutable(): string | undefined {
  // A downloaded Playwright browser where one exists (a user's machine); Debian's otherwise.
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Not downloaded.
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

const tsx = 'npx tsx';
const wrangler = (port: number, inspector: number, vars: Record<string, string>) =>
  `npx wrangler dev --port ${port} --inspector-port ${inspector} --persist-to .wrangler/e2e-${port} --show-interactive-dev-session=false ` +
  Object.entries(vars)
    // Single-quoted for the shell: BUSINESS_HOURS has spaces.
    .map(([name, value]) => `--var '${name}:${value.replaceAll("'", "'\\''")}'`)
    .join(' ');

const common = {
  ALLOWED_ORIGINS: E2E.hostOrigin,
  HANDOFF_WEBHOOK_URL: `${E2E.webhookOrigin}/hooks/handoff`,
  HANDOFF_WEBHOOK_SECRET: E2E.webhookSecret,
  SUPPORT_EMAIL: 'support@lumennotes.example',
  // Every e2e visitor comes from 127.0.0.1; rate limits are proven by the route tests.
  RATE_LIMIT_VISITOR_PER_MINUTE: '1000',
  RATE_LIMIT_SITE_PER_MINUTE: '100000',
  RATE_LIMIT_SITE_HANDOFFS_PER_HOUR: '100000',
  // The agent inbox (hybrid-loop.spec.ts), and retries fast enough to watch.
  AGENT_TOKEN: E2E.agentToken,
  HANDOFF_RETRY_BASE_SECONDS: '1',
  // The admin dashboard (measure.spec.ts).
  ADMIN_TOKEN: E2E.adminToken,
};

/** Two days from now, in UTC: staffed only then, the kill-switch worker is out of hours for the whole run. */
const closedAllRun = `${new Date(Date.now() + 2 * 86_400_000).toLocaleDateString('en-US', { weekday: 'short', timeZone: 'UTC' }).toLowerCase()} 09:00-17:00`;

/** The start-small controls, each on its own worker (measure.spec.ts); the kill switch also out of hours. */
const measureWorkers = (
  [
    { port: E2E.killSwitchPort, inspector: E2E.killSwitchPort + 2, vars: { AI_ENABLED: 'false', BUSINESS_HOURS: closedAllRun, TIMEZONE: 'UTC' } },
    { port: E2E.rolloutPort, inspector: E2E.rolloutPort + 2, vars: { ROLLOUT_PERCENT: '50', WIDGET_LAUNCHER_ICON: '🛟' } },
  ] as { port: number; inspector: number; vars: Record<string, string> }[]
).map(({ port, inspector, vars }) => ({
  command: wrangler(port, inspector, { ...common, ...vars }),
  url: `http://127.0.0.1:${port}/v1/health`,
  cwd: '..',
  timeout: 90_000,
  reuseExistingServer: false,
  env: { WRANGLER_SEND_METRICS: 'false' },
}));

export default defineConfig({
  testDir: '.',
  // One folder per port set, so concurrent runs don't delete each other's artifacts.
  outputDir: `../test-results/e2e-${E2E.extractivePort}`,
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 8_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: browserExecutable(),
      args: process.getuid?.() === 0 ? ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] : [],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: [
    { command: `PORT=${E2E.openaiPort} ${tsx} test/openai-test-server.ts`, url: `${E2E.openaiOrigin}/__requests`, cwd: '..', reuseExistingServer: false },
    { command: `PORT=${E2E.webhookPort} WEBHOOK_SECRET=${E2E.webhookSecret} ${tsx} test/webhook-receiver.ts`, url: `${E2E.webhookOrigin}/__deliveries`, cwd: '..', reuseExistingServer: false },
    { command: `PORT=${E2E.hostPort} ${tsx} e2e/host-server.ts`, url: `${E2E.hostOrigin}/basic.html`, cwd: '..', reuseExistingServer: false },
    {
      command: wrangler(E2E.extractivePort, E2E.inspectorPorts[0], common),
      url: `${E2E.extractiveOrigin}/v1/health`,
      cwd: '..',
      timeout: 90_000,
      reuseExistingServer: false,
      env: { WRANGLER_SEND_METRICS: 'false' },
    },
    {
      command: wrangler(E2E.generativePort, E2E.inspectorPorts[1], { ...common, OPENAI_API_KEY: 'sk-test-double', OPENAI_BASE_URL: `${E2E.openaiOrigin}/v1`, OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '4000', OPENAI_MAX_RETRIES: '0' }),
      url: `${E2E.generativeOrigin}/v1/health`,
      cwd: '..',
      timeout: 90_000,
      reuseExistingServer: false,
      env: { WRANGLER_SEND_METRICS: 'false' },
    },
    ...measureWorkers,
  ],
});
