/**
 * The widget's settings: i18n defaults, then `/v1/config`, then the script
 * tag's `data-*` options on top. If the config request fails the widget still
 * works with defaults, and the human button with them.
 */
import { signal } from '@preact/signals-core';
import type { WidgetConfig } from '../../../shared/protocol';
import type { WidgetOptions } from '../embed';
import type { Strings } from '../i18n';
import { ApiError, getConfig } from '../transport/api';
import { visitorId } from './visitor';

/** The settings the panel renders with: the wording is always there (the site's, else the widget's own). */
export type PanelConfig = WidgetConfig & Required<Pick<WidgetConfig, 'title' | 'greeting' | 'humanLabel' | 'humanIntro'>>;

export function createConfigModel(options: WidgetOptions, t: Strings) {
  const overrides: Partial<WidgetConfig> = {};
  // data-support-email keeps the mailto fallback when the worker cannot be reached at all.
  for (const key of ['title', 'greeting', 'color', 'launcherIcon', 'supportEmail'] as const) if (options[key]) overrides[key] = options[key];
  if (/^bottom-(left|right)$/.test(options.position!)) overrides.position = options.position as WidgetConfig['position'];
  const defaults: PanelConfig = {
    title: t.title,
    greeting: t.greeting,
    color: '#1f5fbf',
    position: 'bottom-right',
    humanLabel: t.human,
    humanIntro: t.humanIntro,
    aiEnabled: true,
  };
  const config = signal<PanelConfig>({ ...defaults, ...overrides });
  const failed = signal(false);
  /** This page's origin is not in the worker's ALLOWED_ORIGINS: no call can work, only the human fallback. */
  const refused = signal(false);

  return {
    config,
    failed,
    refused,
    async load(): Promise<void> {
      try {
        config.value = { ...defaults, ...(await getConfig(options.baseUrl, visitorId())), ...overrides };
      } catch (error) {
        failed.value = true;
        // A network error may be CORS: /v1/embed-check is readable from any origin (a simple GET, no preflight).
        if ((error as ApiError).status !== 0) return;
        const check: { allowed?: boolean; supportEmail?: string } | undefined = await fetch(options.baseUrl + '/v1/embed-check')
          .then((response) => response.json())
          .catch(() => 0);
        if (check?.allowed !== false) return;
        console.warn(`Switchboard: this origin is not in ALLOWED_ORIGINS of ${options.baseUrl}`);
        config.value = { supportEmail: check.supportEmail, ...config.value };
        refused.value = true;
      }
    },
  };
}

export type ConfigModel = ReturnType<typeof createConfigModel>;
