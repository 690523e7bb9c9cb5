/** Fixed loopback ports of the e2e servers, shared by the config and the specs. */
export const E2E = {
  extractivePort: 8788,
  generativePort: 8789,
  openaiPort: 8790,
  webhookPort: 8791,
  hostPort: 8792,
  webhookSecret: 'whsec_c3dpdGNoYm9hcmQtZTJlLXdlYmhvb2stc2VjcmV0',
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
} as const;

/** The host page URL that embeds the widget from `worker`. */
export const hostPage = (worker: string, page = 'basic.html', query = '') => `${E2E.hostOrigin}/${page}?worker=${encodeURIComponent(worker)}${query}`;
