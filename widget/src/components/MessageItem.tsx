import { h } from 'preact';
import type { Strings } from '../i18n';
import { EXTERNAL, renderMarkdown, safeUrl } from '../markdown/render';
import type { ChatMessage, ChatModel } from '../models/chat-model';
import type { FeedbackModel } from '../models/feedback-model';
import { Reasons } from './Feedback';
import { observe } from './observe';

export interface MessageItemProps {
  message: ChatMessage;
  chat: ChatModel;
  feedback: FeedbackModel;
  t: Strings;
}

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
  // An answer from weak evidence says so. Only answers from sources are "low" (MIN_CONFIDENCE is at least low);
  // a "not sure", an outage or a hand-over is "none" and already says it in its own words.
  const unsure = finish?.confidence === 'low';
  return (
    <div class={`msg ${role}`} data-role={role} data-state={state} aria-busy={state === 'streaming'}>
      <span class={role === 'agent' ? 'who' : 'sr'}>{role === 'agent' ? t.agent : `${t.assistant}: `}</span>
      {unsure && <p class="note">{t.notSure}</p>}
      {renderMarkdown(text, sources)}
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
              onClick={() => feedback.rate(message, value)}
            >
              {value === 'up' ? '👍' : '👎'}
            </button>
          ))}
          {vote === 'down' && <Reasons message={message} feedback={feedback} t={t} />}
        </div>
      )}
    </div>
  );
});
