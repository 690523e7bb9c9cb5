import type { Signal } from '@preact/signals-core';
import { h } from 'preact';
import type { Strings } from '../i18n';
import type { ChatModel } from '../models/chat-model';
import type { ConfigModel } from '../models/config-model';
import type { Handoff } from '../models/handoff-part';
import type { Feedback } from '../feedback';
import { Composer } from './Composer';
import { HandoffFallback } from './HandoffFallback';
import { MessageItem } from './MessageItem';
import { observe } from './observe';

export interface PanelProps {
  open: Signal<boolean>;
  chat: ChatModel;
  handoff: Handoff;
  configModel: ConfigModel;
  feedback: Feedback;
  t: Strings;
  lang: string;
  onClose(): void;
  onHuman(): void;
}

/** The chat dialog. The human button is there from the first render and never depends on the AI. */
export const Panel = observe(({ open, chat, handoff, configModel, feedback, t, lang, onClose, onHuman }: PanelProps) => {
  const config = configModel.config.value;
  const messages = chat.messages.value;
  const last = messages.at(-1);
  const finish = last?.role === 'assistant' && last.finish.value;
  // Weak or no evidence puts the human first; a greeting or thanks answered in a line does not.
  const unsure = finish && finish.mode !== 'small-talk' && /low|none/.test(finish.confidence);
  const aiOff = !config.aiEnabled || configModel.failed.value;
  const humanFirst = chat.escalation.value || aiOff || unsure;
  const wait = chat.rateLimit.value;
  const refused = configModel.refused.value;
  // One human control at a time: while the handoff form is open, its own button is the way to a person.
  const form = handoff.part.value;
  const formOpen = /form|sending|invalid/.test(form?.model.view.value.step ?? '');
  const survey = feedback.part.value;
  return (
    <div
      class="panel"
      id="sb-panel"
      role="dialog"
      aria-labelledby="sb-title"
      hidden={!open.value}
      lang={lang}
      dir={lang === 'ar' ? 'rtl' : 'ltr'}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <header>
        <h2 id="sb-title">{config.title}</h2>
        <button type="button" class="x" aria-label={t.close} onClick={onClose}>
          ×
        </button>
      </header>
      <div class="log">
        <p class="msg">{config.greeting}</p>
        {aiOff && (
          <p class="system">
            {t.aiOff} {refused && config.supportEmail && <a href={`mailto:${config.supportEmail}`}>{t.mailto}</a>}
          </p>
        )}
        {messages.map((message) => (
          <MessageItem key={message.id} message={message} chat={chat} feedback={feedback} t={t} />
        ))}
        {chat.status.value === 'submitted' && <p class="system">…</p>}
        {wait && (
          <p class="error" role="alert">
            {t.rateLimited.replace('{s}', String(wait))}
          </p>
        )}
        {form ? <form.HandoffCard handoff={form.model} chat={chat} config={config} t={form.t} /> : <HandoffFallback handoff={handoff} config={config} t={t} />}
        {survey?.survey(survey.model, t)}
      </div>
      <div class="sr" aria-live="polite">
        {chat.announcement.value}
      </div>
      {/* Refused by ALLOWED_ORIGINS no call can work: the mailto above is the way to a person. */}
      {!refused && [
        !formOpen && <div class="bar">
          <button type="button" class={humanFirst ? 'primary' : ''} onClick={onHuman} onPointerEnter={handoff.prefetch} onFocus={handoff.prefetch}>
            {config.humanLabel}
          </button>
        </div>,
        <Composer chat={chat} t={t} />,
      ]}
    </div>
  );
});
