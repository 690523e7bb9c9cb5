/**
 * The embed snippet's script (dist/widget.js, a classic IIFE, ≤ 2 KB gzipped).
 * It draws only the launcher, defines `window.Switchboard` at once, and loads
 * the panel chunk on intent (hover, focus, click) or when the browser is idle.
 * Calls made before the panel is there are queued and replayed.
 *
 * @example
 * <script src="https://support.example.com/widget.js" async data-color="#0a7"></script>
 * Switchboard.on('handoff', (detail) => console.log(detail.reference));
 * Switchboard.open();
 */
import { adoptStyles, type Listener, type PanelContext, type PanelController, type WidgetEvent, type WidgetOptions } from './embed';
import { launcherLabels, resolveLang } from './i18n';

export interface SwitchboardApi {
  version: string;
  open(): void;
  close(): void;
  toggle(): void;
  /** Signed identity token (HS256 JWT) from the site's backend; sent with chat and handoff requests. */
  identify(token?: string): void;
  /** Forget the conversation and identity, e.g. on logout. */
  reset(): void;
  /** Subscribe to open, close, message, handoff or feedback; returns an unsubscribe function. */
  on(event: WidgetEvent, listener: Listener): () => void;
}

declare global {
  interface Window {
    Switchboard?: SwitchboardApi;
  }
}

const launcherCss = `:host{all:initial}.launcher{position:fixed;bottom:20px;right:20px;z-index:2147483647;width:56px;height:56px;padding:0;border:0;border-radius:50%;background:var(--sb-accent,#1f5fbf);color:var(--sb-on-accent,#fff);box-shadow:0 4px 14px rgba(0,0,0,.3);cursor:pointer;display:grid;place-items:center;font:24px/1 system-ui,sans-serif}:host([data-position=bottom-left]) .launcher{right:auto;left:20px}.launcher:focus-visible{outline:3px solid var(--sb-accent,#1f5fbf);outline-offset:3px}.launcher svg,.launcher img{width:28px;height:28px;fill:currentColor}`;

const SVG = 'http://www.w3.org/2000/svg';

function start(script: HTMLScriptElement | null): void {
  const src = script?.src || location.href;
  // data-title, data-user-token, data-launcher-icon, ... are the option names in camelCase.
  const options: WidgetOptions = { ...script?.dataset, baseUrl: new URL(src).origin };
  options.nonce ||= script?.nonce || undefined;
  const listeners: { [event: string]: Listener[] } = {};
  const queue: [keyof PanelController, unknown[]][] = [];
  let controller: PanelController | undefined;
  let loading: Promise<void> | undefined;

  const host = document.createElement('switchboard-widget');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, launcherCss, options.nonce);
  if (options.color) host.style.setProperty('--sb-accent', options.color);
  if (options.position) host.dataset.position = options.position;

  const launcher = document.createElement('button');
  launcher.className = 'launcher';
  launcher.type = 'button';
  const lang = resolveLang(options.lang || navigator.language);
  launcher.ariaLabel = launcherLabels[lang];
  launcher.ariaExpanded = 'false';
  launcher.setAttribute('aria-controls', 'sb-panel');
  // An image URL, a text (an emoji) or, without one, the chat bubble; text is only ever text.
  const icon = (value?: string) => {
    if (value && /^(https?:\/\/|\/)/.test(value)) {
      const image = document.createElement('img');
      image.alt = '';
      image.src = value;
      launcher.replaceChildren(image);
    } else if (value) launcher.textContent = value;
    else {
      const svg = document.createElementNS(SVG, 'svg');
      const path = document.createElementNS(SVG, 'path');
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('aria-hidden', 'true');
      path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
      svg.append(path);
      launcher.replaceChildren(svg);
    }
  };
  icon(options.launcherIcon);
  root.append(launcher);

  const context: PanelContext = {
    root,
    host,
    launcher,
    options,
    lang,
    adopt: (css) => adoptStyles(root, css, options.nonce),
    icon,
    emit(event, detail) {
      for (const listener of listeners[event] ?? []) {
        try {
          listener(detail);
        } catch (error) {
          // A site's listener that throws is the site's bug: report it, keep going.
          reportError(error);
        }
      }
    },
  };

  const load = (): Promise<void> =>
    (loading ??= import(/* @vite-ignore */ new URL(`widget-panel.${lang}.js`, src).href).then(
      (module: { mount(context: PanelContext): PanelController }) => {
        controller = module.mount(context);
        for (const [name, args] of queue.splice(0)) (controller[name] as (...args: unknown[]) => void)(...args);
      },
      () => {
        loading = undefined;
      },
    ));
  const call =
    (name: keyof PanelController, wake = true) =>
    (...args: unknown[]): void => {
      if (controller) return (controller[name] as (...args: unknown[]) => void)(...args);
      queue.push([name, args]);
      if (wake) void load();
    };

  launcher.addEventListener('click', () => (controller ? controller.toggle() : call('open')()));
  launcher.addEventListener('pointerenter', load);
  launcher.addEventListener('focus', load);

  window.Switchboard = {
    version: '1',
    open: call('open'),
    close: call('close', false),
    toggle: call('toggle'),
    // The panel reads the token from the shared options on every request.
    identify: (token) => void (options.userToken = token || undefined),
    reset: call('reset', false),
    on(event, listener) {
      (listeners[event] ??= []).push(listener);
      return () => {
        listeners[event] = listeners[event]!.filter((item) => item !== listener);
      };
    },
  };

  const attach = () => {
    document.body.append(host);
    const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1500));
    idle(() => void load(), { timeout: 4000 });
  };
  if (document.body) attach();
  else addEventListener('DOMContentLoaded', attach);
}

// A second copy of the snippet (or a second widget) must not add a second launcher.
// A snippet pasted twice runs twice, in whichever order the async scripts arrive: the first tag on the page wins, every time.
if (!window.Switchboard) start((document.querySelector('script[src*="/widget.js"]') ?? document.currentScript) as HTMLScriptElement | null);
