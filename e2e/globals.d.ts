/** The widget's public API as the host page sees it (declared by the loader). */
import type { SwitchboardApi } from '../widget/src/loader';

declare global {
  interface Window {
    Switchboard?: SwitchboardApi;
  }
}

export {};
