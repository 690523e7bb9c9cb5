/**
 * The panel chunk (dist/widget-panel.<lang>.js), loaded by the loader on intent or when
 * the browser is idle. `mount` builds the models, renders the dialog into the
 * loader's shadow root and returns the controller behind `window.Switchboard`.
 *
 * @example
 * const controller = mount({ root, host, launcher, options, emit });
 * controller.open();
 * controller.unmount();
 */
import { effect, signal, untracked } from '@preact/signals-core';
import { h, render } from 'preact';
import { LIMITS } from '../../shared/constants';
import { fitToViewport, followAnswers } from './components/layout';
import { Panel } from './components/Panel';
import type { PanelContext, PanelController } from './embed';
import { panelStrings } from './i18n';
import { createChatModel } from './models/chat-model';
import { createConfigModel } from './models/config-model';
import type { Feedback } from './feedback';
import { markdown } from './markdown/load';
import { createHandoff } from './models/handoff-part';
import { lazy } from './models/lazy';
import { storage } from './models/storage';
import { visitorId } from './models/visitor';
import { panelCss } from './styles';

const LANG_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/;
const PRODUCT = /^[a-z0-9][a-z0-9-]{0,47}$/;

export function mount({ root, host, launcher, options, lang, adopt, icon, emit }: PanelContext): PanelController {
  const requestedLang = options.lang || navigator.language;
  const t = panelStrings(lang);
  const open = signal(false);
  const pageUrl = (location.origin + location.pathname).slice(0, LIMITS.urlChars);
  const identity = () => ({ pageUrl: /^https?:/.test(pageUrl) ? pageUrl : undefined, userToken: options.userToken });
  const setVar = (name: string, value: string) => host.style.setProperty(name, value);
  // Preact renders on a microtask: focus once the element is there.
  const focusSoon = (selector: string, scroll?: boolean) =>
    setTimeout(() => {
      const element = root.querySelector<HTMLElement>(selector);
      if (scroll) element?.scrollIntoView({ block: 'nearest' });
      element?.focus();
    });
  // Every listener the panel adds goes when it unmounts.
  const lifetime = new AbortController();
  const listening = { signal: lifetime.signal };

  const configModel = createConfigModel(options, t);
  const chat = createChatModel({
    baseUrl: options.baseUrl,
    context: () => ({
      ...identity(),
      lang: LANG_TAG.test(requestedLang) ? requestedLang : lang,
      product: options.product && PRODUCT.test(options.product) ? options.product : undefined,
      visitorId: visitorId(),
    }),
    emit,
  });
  const handoff = createHandoff({
    load: () =>
      import('./handoff').then((part) => ({ ...part, model: part.createHandoffModel({ baseUrl: options.baseUrl, chat, context: identity, emit }), t: part.formStrings(t, lang) })),
    chat,
    context: identity,
  });
  const feedbackPart = lazy(() => import('./feedback').then((part) => ({ ...part, model: part.createFeedbackModel(options.baseUrl, chat, emit) })));
  const feedback: Feedback = { part: feedbackPart.value, use: (action) => void feedbackPart.load().then((part) => action(part.model), () => undefined) };
  const ask = () => feedback.use((model) => model.ask());

  adopt(panelCss);
  const container = document.createElement('div');
  root.append(container);

  let poll: ReturnType<typeof setInterval> | undefined;
  let opened = false;
  const retry = () => handoff.retryPending();
  const retryTimer = setInterval(() => opened && retry(), 60_000);
  const disposers = [
    effect(() => {
      const { color, position, launcherIcon } = configModel.config.value;
      if (launcherIcon) icon(launcherIcon);
      if (CSS.supports('color', color)) setVar('--sb-accent', color);
      setVar('--sb-on-accent', readableOn(getComputedStyle(launcher).backgroundColor));
      host.dataset.position = position;
    }),
    effect(() => {
      if (chat.escalation.value) untracked(handoff.show);
    }),
    effect(() => {
      launcher.ariaExpanded = String(open.value);
    }),
    effect(() => {
      // The form is replaced by its outcome: keep focus in the dialog, on the outcome.
      if (/done|queued/.test(handoff.part.value?.model.view.value.step ?? '')) untracked(() => focusSoon('.card'));
    }),
    effect(() => {
      // How it went (CSAT) is asked once a person has replied, not while the visitor still waits for one.
      if (chat.messages.value.some((message) => message.role === 'agent')) untracked(ask);
    }),
    () => clearInterval(retryTimer),
    () => lifetime.abort(),
  ];

  const controller: PanelController = {
    open() {
      if (open.value) return;
      if (!opened) {
        opened = true;
        markdown.load().catch(() => undefined);
        // The form is there before a click, and while the worker that serves it is up.
        void handoff.prefetch();
        storage.allow();
        visitorId();
        storage.watch('conversation', chat.sync, listening);
        void chat.sync();
        retry();
      }
      open.value = true;
      focusSoon('#sb-input');
      // Agents answer through the worker; while a person has the conversation, look for their replies.
      poll = setInterval(() => /escalated|human/.test(chat.conversationStatus.value) && void chat.sync(), 5000);
      emit('open');
    },
    close() {
      if (!open.value) return;
      const hadFocus = root.activeElement && root.activeElement !== launcher;
      open.value = false;
      clearInterval(poll);
      if (chat.messages.value.at(-1)?.role === 'assistant') ask();
      if (hadFocus) launcher.focus();
      emit('close');
    },
    toggle() {
      controller[open.value ? 'close' : 'open']();
    },
    identify(token) {
      options.userToken = token || undefined;
    },
    reset() {
      chat.reset();
      handoff.reset();
      options.userToken = undefined;
    },
    unmount() {
      controller.close();
      for (const dispose of disposers) dispose();
      render(null, container);
      container.remove();
    },
  };

  fitToViewport(host, listening);
  addEventListener('online', retry, listening);

  render(
    h(Panel, {
      open,
      chat,
      handoff,
      configModel,
      feedback,
      t,
      lang,
      onClose: controller.close,
      onHuman() {
        // The form may render only now; focus its first field once it is there.
        void handoff.show().then(() => focusSoon('.card input, .card textarea', true));
      },
    }),
    container,
  );

  followAnswers(root.querySelector<HTMLElement>('.log')!, listening);

  void configModel.load();
  return controller;
}

/** White or near-black text, whichever is more readable on the accent colour. */
function readableOn(rgb: string): string {
  const [r = 0, g = 0, b = 0] = (rgb.match(/[\d.]+/g) ?? []).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (1.05 / (luminance + 0.05)) >= 4.5 ? '#fff' : '#111';
}
