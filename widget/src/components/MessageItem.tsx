import { h } from 'preact';
import type { Strings } from '../i18n';
import type { Feedback } from '../feedback';
import { EXTERNAL, safeUrl } from '../markdown/links';
import { markdown } from '../markdown/load';
import type { ChatMessage, ChatModel } from '../models/chat-model';
import { observe } from './observe';

export interface MessageItemProps {
  message: ChatMessage;
  chat: ChatModel;
  feedback: Feedback;
  t: Strings;
}

/** A thumb drawn inline: emoji render as empty boxes where no emoji font exists. The button carries the name. */
const Thumb = ({ down }: { down: boolean }) => (
  <svg viewBox="0 0 16 16" class={down ? 'down' : ''}>
    <path d="M1 7h3v8H1zm4 0 4-6c1 0 2 1 1.5 2.5L10 6h4.5c1 0 1.7 1 1.4 2l-1.6 6c-.2.6-.8 1-1.4 1H5z" />
  </svg>
);

/** One transcript entry; only this entry re-renders as its answer streams in. */
export const MessageItem = observe(({ message, chat, feedback, t }: MessageItemProps) => {
  const { role } = message;
  const text = message.text.value;
  const state = message.state.value;
  const notice = message.notice.value;

  if (role === 'system') return <p class="system">{text}</p>;
  if (role === 'visitor')
    return (
      <div class={`msg visitor ${state}`} data-role="visitor">
        <span class="sr">{t.you}: </span>
        {text}
        {state === 'failed' && (
          <p class="error">
            {t[notice ?? 'failed']}{' '}
            <button type="button" onClick={() => chat.retry(message)}>
              {t.retry}
            </button>
          </p>
        )}
      </div>
    );

  const sources = message.sources.value;
  const finish = message.finish.value;
  const vote = message.vote.value;
  const part = feedback.part.value;
  // An answer from weak evidence says so. Only answers from sources are "low" (MIN_CONFIDENCE is at least low);
  // a "not sure", an outage or a hand-over is "none" and already says it in its own words.
  const unsure = finish?.confidence === 'low';
  return (
    <div class={`msg ${role}`} data-role={role} data-state={state} aria-busy={state === 'streaming'}>
      <span class={role === 'agent' ? 'who' : 'sr'}>{role === 'agent' ? t.agent : `${t.assistant}: `}</span>
      {unsure && <p class="note">{t.notSure}</p>}
      {markdown.value.value?.renderMarkdown(text, sources) ?? <p dir="auto">{text}</p>}
      {sources.length > 0 && (
        <div class="sources">
          {t.sources}
          <ol dir="auto">
            {sources.map(({ n, title, section, url }) => {
              const label = section ? `${title} — ${section}` : title;
              const href = safeUrl(url);
              return (
                <li key={n} value={n}>
                  {href ? (
                    <a href={href} {...EXTERNAL}>
                      {label}
                    </a>
                  ) : (
                    label
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {notice && <p class="meta">{t[notice]}</p>}
      {role === 'assistant' && state === 'done' && text && (
        <div class="rate">
          {(['up', 'down'] as const).map((value) => (
            <button
              type="button"
              key={value}
              aria-label={value === 'up' ? t.helpful : t.notHelpful}
              aria-pressed={vote === value}
              disabled={!!vote}
              onClick={() => feedback.use((model) => model.rate(message, value))}
            >
              <Thumb down={value === 'down'} />
            </button>
          ))}
          {vote === 'down' && part && <part.Reasons message={message} feedback={part.model} t={t} />}
        </div>
      )}
    </div>
  );
});
