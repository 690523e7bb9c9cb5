import { h } from 'preact';
import type { Strings } from '../i18n';
import type { HandoffStrings } from '../i18n-handoff';
import type { ChatModel } from '../models/chat-model';
import type { PanelConfig } from '../models/config-model';
import type { HandoffModel } from '../models/handoff-model';
import { mailtoHref, transcriptSummary } from '../models/handoff-mailto';
import { observe } from './observe';

export interface HandoffCardProps {
  handoff: HandoffModel;
  chat: ChatModel;
  config: PanelConfig;
  t: Strings & HandoffStrings;
}

/** The "talk to a human" form, then its confirmation (or the offline fallback). */
export const HandoffCard = observe(({ handoff, chat, config, t }: HandoffCardProps) => {
  const view = handoff.view.value;
  if (view.step === 'closed') return null;
  if (view.step === 'done')
    return (
      <div class="card" role="status" tabIndex={-1}>
        <strong>
          {t.sent} {view.response.reference}
        </strong>
        <p>{view.response.expectation}</p>
      </div>
    );
  if (view.step === 'queued') {
    const request = handoff.lastRequest.value;
    const email = config.supportEmail;
    return (
      <div class="card" role="status" tabIndex={-1}>
        {t.queued}
        {email && request && (
          <a href={mailtoHref(email, config.title, transcriptSummary(chat, request))}>{t.mailto}</a>
        )}
      </div>
    );
  }
  const { verified, remembered } = handoff.known();
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => (data.get(name) as string | null) ?? undefined;
    void handoff.submit({ name: field('name'), email: field('email'), note: field('note') });
  };
  return (
    <form class="card" aria-labelledby="sb-handoff" onSubmit={submit}>
      <h3 id="sb-handoff">{config.humanLabel}</h3>
      <p class="meta">{config.humanIntro}</p>
      {!verified.name && (
        <label>
          {t.name}
          <input name="name" autocomplete="name" maxLength={120} defaultValue={remembered.name} />
        </label>
      )}
      {!verified.email && (
        <label>
          {t.email}
          <input name="email" type="email" autocomplete="email" required maxLength={254} defaultValue={remembered.email} />
        </label>
      )}
      <label>
        <span>
          {t.note} <span aria-hidden="true">{t.optional}</span>
        </span>
        <textarea name="note" rows={2} maxLength={2000} />
      </label>
      {view.step === 'invalid' && (
        <p class="error" role="alert">
          {t.invalid} {view.message}
        </p>
      )}
      <div class="row">
        <button class="primary" disabled={view.step === 'sending'}>
          {t.sendToHuman}
        </button>
        <button type="button" onClick={handoff.hide}>
          {t.back}
        </button>
      </div>
    </form>
  );
});
