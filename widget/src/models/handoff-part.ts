/**
 * The handoff as the panel holds it: the form, its submit and its confirmation
 * are a part of their own (dist/widget-handoff.<lang>.js, widget/src/handoff.ts),
 * fetched when the panel opens, on hover or focus of the human control, or on the
 * click. What must work without that part lives here, in the first load: the
 * mailto fallback with the conversation, forgetting the visitor on reset, and
 * noticing a queued request to send.
 *
 * @example
 * const load = () => import('../handoff').then((part) => ({ ...part, model: part.createHandoffModel({ baseUrl, chat, context, emit }) }));
 * const handoff = createHandoff({ load, chat, context });
 * await handoff.show(); // the form, or (part unavailable) `handoff.unavailable` and the mailto
 */
import { signal } from '@preact/signals-core';
import type { HandoffRequest } from '../../../shared/protocol';
import type { HandoffPart } from '../handoff';
import type { ChatModel } from './chat-model';
import { transcriptSummary } from './handoff-mailto';
import { forgetHandoffs, pendingHandoffs } from './handoff-storage';
import { lazy } from './lazy';

/** How long a click waits for the part before the visitor is shown the fallback; the form still replaces it if it arrives. */
export const SLOW_PART_MS = 3000;

export function createHandoff(options: {
  /** Imports the part and builds its model. */
  load(): Promise<HandoffPart>;
  chat: ChatModel;
  context(): Pick<HandoffRequest, 'pageUrl'>;
  slowMs?: number;
}) {
  const part = lazy(options.load);
  /** The visitor asked for a person and the form is not there: it could not load, or is slow to. */
  const unavailable = signal(false);
  let wanted = false;
  const prefetch = () => part.load().catch(() => undefined);

  return {
    /** Undefined until the part has loaded. */
    part: part.value,
    unavailable,
    prefetch,
    /** The conversation so far, for the mailto fallback's body. */
    transcript: () => transcriptSummary(options.chat, options.context()),
    /** Opens the form once the part is there; resolves when it is shown, or when it could not load. */
    show(): Promise<void> {
      wanted = true;
      const slow = setTimeout(() => (unavailable.value = true), options.slowMs ?? SLOW_PART_MS);
      return part.load().then(
        (loaded) => {
          unavailable.value = false;
          if (wanted) loaded.model.show();
        },
        () => void (unavailable.value = true),
      ).finally(() => clearTimeout(slow));
    },
    hide(): void {
      wanted = false;
      unavailable.value = false;
      part.value.value?.model.hide();
    },
    /** Sends queued requests; the part loads only when there is one. */
    retryPending(): void {
      if (pendingHandoffs().length) void part.load().then((loaded) => loaded.model.retryPending(), () => undefined);
    },
    /** Forgets the visitor's contact and queued requests at once, whether or not the part has loaded. */
    reset(): void {
      wanted = false;
      unavailable.value = false;
      forgetHandoffs();
      part.value.value?.model.reset();
    },
  };
}

export type Handoff = ReturnType<typeof createHandoff>;
