import { h } from 'preact';
import type { Strings } from '../i18n';
import type { ChatMessage } from '../models/chat-model';
import type { FeedbackModel } from '../models/feedback-model';

const REASONS = ['wrong', 'incomplete', 'misunderstood', 'wanted-human'];

/** The optional reason after a 👎: a plain select, so it needs no state of its own. */
export function Reasons({ message, feedback, t }: { message: ChatMessage; feedback: FeedbackModel; t: Strings }) {
  return (
    <select
      aria-label={t.why}
      onChange={(event) => {
        const reason = REASONS[event.currentTarget.selectedIndex - 1];
        if (reason) feedback.rate(message, 'down', reason);
      }}
    >
      {[t.why, ...t.reasons.split('|')].map((label) => (
        <option>{label}</option>
      ))}
    </select>
  );
}

/**
 * One question, 1–5 and an optional comment; never in the way, dismissable at
 * any point. Called as a function from the Panel, whose observer tracks `step`.
 */
export function survey(feedback: FeedbackModel, t: Strings) {
  const step = feedback.step.value;
  if (step === 'off') return null;
  if (step === 'sent') return <p class="system">{t.thanks}</p>;
  return (
    <form
      class="card"
      aria-label={t.csat}
      onSubmit={(event) => {
        event.preventDefault();
        feedback.comment((event.currentTarget.elements.namedItem('c') as HTMLInputElement).value.trim());
      }}
    >
      <button type="button" class="x" aria-label={t.dismiss} onClick={feedback.dismiss}>
        ×
      </button>
      {t.csat}
      <p class="rate">
        {step === 'ask'
          ? [1, 2, 3, 4, 5].map((value) => (
              <button type="button" aria-label={`${value}/5`} onClick={() => feedback.score(value)}>
                {value}
              </button>
            ))
          : [<input name="c" aria-label={t.comment} placeholder={t.comment} maxLength={1000} />, <button>{t.send}</button>]}
      </p>
    </form>
  );
}
