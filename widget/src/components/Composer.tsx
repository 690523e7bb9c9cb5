import { h } from 'preact';
import { LIMITS } from '../../../shared/constants';
import type { Strings } from '../i18n';
import type { ChatModel } from '../models/chat-model';
import { observe } from './observe';

export interface ComposerProps {
  chat: ChatModel;
  t: Strings;
}

/** The message box with Send, which becomes Stop while an answer is on its way. */
export const Composer = observe(({ chat, t }: ComposerProps) => {
  const busy = chat.status.value === 'submitted' || chat.status.value === 'streaming';
  const submit = (event: Event) => {
    event.preventDefault();
    const field = (event.currentTarget as HTMLElement).closest('form')!.elements.namedItem('message') as HTMLTextAreaElement;
    if (busy || !field.value.trim()) return;
    chat.send(field.value);
    field.value = '';
  };
  return (
    <form class="composer" onSubmit={submit}>
      <label class="sr" for="sb-input">
        {t.message}
      </label>
      <textarea
        id="sb-input"
        name="message"
        rows={1}
        placeholder={t.ask}
        maxLength={LIMITS.messageChars}
        onKeyDown={(event) => event.key === 'Enter' && !event.shiftKey && !event.isComposing && submit(event)}
      />
      {busy ? (
        <button type="button" onClick={() => chat.stop()}>
          {t.stop}
        </button>
      ) : (
        <button class="primary">{t.send}</button>
      )}
    </form>
  );
});
