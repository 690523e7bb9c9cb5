import { h } from 'preact';
import type { Strings } from '../i18n';
import type { PanelConfig } from '../models/config-model';
import { mailtoHref } from '../models/handoff-mailto';
import type { Handoff } from '../models/handoff-part';
import { observe } from './observe';

export interface HandoffFallbackProps {
  handoff: Handoff;
  config: PanelConfig;
  t: Strings;
}

/**
 * In place of the form when its part could not load (or is slow to): says so, and
 * offers the support address with the conversation; dismissable. The human
 * button stays, and a click on it tries the form again.
 */
export const HandoffFallback = observe(({ handoff, config, t }: HandoffFallbackProps) => {
  const email = config.supportEmail;
  return (
    handoff.unavailable.value && (
      <div class="card" role="alert">
        <button type="button" class="x" aria-label={t.dismiss} onClick={handoff.hide}>
          ×
        </button>
        {t.formFailed} {email && <a href={mailtoHref(email, config.title, handoff.transcript())}>{t.mailto}</a>}
      </div>
    )
  );
});
