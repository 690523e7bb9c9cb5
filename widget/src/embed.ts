/**
 * What the loader (dist/widget.js) hands to the panel chunk, and the small DOM
 * helpers both of them need. Kept tiny: the loader's budget is 2 KB gzipped.
 */
import type { Lang } from './i18n';

export type WidgetEvent = 'open' | 'close' | 'message' | 'handoff' | 'feedback';
export type Listener = (detail: unknown) => void;

/** Options from the script tag's `data-*` attributes; they override `/v1/config`. */
export interface WidgetOptions {
  /** Origin of the script's src: the worker the widget talks to. */
  baseUrl: string;
  title?: string;
  greeting?: string;
  color?: string;
  position?: string;
  lang?: string;
  product?: string;
  userToken?: string;
  nonce?: string;
  launcherIcon?: string;
  /** data-support-email: the mailto fallback when the worker is down or refuses this origin. */
  supportEmail?: string;
}

export interface PanelContext {
  root: ShadowRoot;
  host: HTMLElement;
  launcher: HTMLButtonElement;
  options: WidgetOptions;
  /** The visitor's language, already resolved by the loader (it picked this panel file by it). */
  lang: Lang;
  /** Adds a stylesheet to the shadow root the way the loader does (adoptedStyleSheets, else a nonced <style>). */
  adopt(css: string): void;
  /** Redraws the launcher's icon: an image URL, a short text, or (undefined) the chat bubble. */
  icon(value?: string): void;
  emit(event: WidgetEvent, detail?: unknown): void;
}

/** What the panel chunk's `mount` returns; the loader replays queued calls onto it. */
export interface PanelController {
  open(): void;
  close(): void;
  toggle(): void;
  identify(token?: string): void;
  reset(): void;
  unmount(): void;
}

/**
 * Constructable stylesheets need no `unsafe-inline`; where they are missing,
 * fall back to a `<style>` carrying the host page's nonce.
 */
export function adoptStyles(root: ShadowRoot, css: string, nonce?: string): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    root.append(style);
  }
}
