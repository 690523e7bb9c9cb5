/**
 * localStorage under one prefix, and written only once the visitor has opened
 * the chat: before that, the widget stores nothing at all.
 */
const PREFIX = 'switchboard:';
let allowed = false;

export const storage = {
  allow(): void {
    allowed = true;
  },
  get<T>(key: string): T | undefined {
    try {
      return (JSON.parse(localStorage.getItem(PREFIX + key) ?? 'null') as T | null) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(key: string, value: unknown): void {
    if (!allowed) return;
    try {
      if (value === undefined) localStorage.removeItem(PREFIX + key);
      else localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch {
      // Private mode or quota: the chat still works, it just won't survive a reload.
    }
  },
  /** Listens for another tab changing `key`, until `options.signal` aborts. */
  watch(key: string, onChange: () => void, options: AddEventListenerOptions): void {
    addEventListener('storage', (event) => event.key === PREFIX + key && onChange(), options);
  },
};
