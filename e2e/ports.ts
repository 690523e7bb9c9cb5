/**
 * Loopback ports of the e2e servers, shared by the config and the specs.
 * E2E_PORT_BASE moves the whole set, so two runs on one machine don't clash.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 8788);

export const E2E = {
  extractivePort: base,
  generativePort: base + 1,
  openaiPort: base + 2,
  webhookPort: base + 3,
  hostPort: base + 4,
  /** Inspector ports of the two wrangler dev processes. */
  inspectorPorts: [base + 5, base + 6] as const,
  webhookSecret: 'whsec_c3dpdGNoYm9hcmQtZTJlLXdlYmhvb2stc2VjcmV0',
  agentToken: 'e2e-agent-token-0123456789abcdef',
  adminToken: 'e2e-admin-token-0123456789abcdef',
  /** measure.spec.ts: a worker with AI_ENABLED=false and one with ROLLOUT_PERCENT=50 (inspectors at base + 9, + 10). */
  killSwitchPort: base + 7,
  rolloutPort: base + 8,
  get killSwitchOrigin() {
    return `http://127.0.0.1:${this.killSwitchPort}`;
  },
  get rolloutOrigin() {
    return `http://127.0.0.1:${this.rolloutPort}`;
  },
  get extractiveOrigin() {
    return `http://127.0.0.1:${this.extractivePort}`;
  },
  get generativeOrigin() {
    return `http://127.0.0.1:${this.generativePort}`;
  },
  get openaiOrigin() {
    return `http://127.0.0.1:${this.openaiPort}`;
  },
  get webhookOrigin() {
    return `http://127.0.0.1:${this.webhookPort}`;
  },
  get hostOrigin() {
    return `http://127.0.0.1:${this.hostPort}`;
  },
};

/** The host page URL that embeds the widget from `worker`. */
export const hostPage = (worker: string, page = 'basic.html', query = '') => `${E2E.hostOrigin}/${page}?worker=${encodeURIComponent(worker)}${query}`;
