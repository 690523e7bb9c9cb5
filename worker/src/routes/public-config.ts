import { Hono } from 'hono';
import type { WidgetConfig } from '../../../shared/protocol';
import type { AppEnv } from '../env';

export const publicConfig = new Hono<AppEnv>();

/** The widget's public settings. Nothing secret is ever read here. */
publicConfig.get('/', (c) => {
  const config = c.get('config');
  const body: WidgetConfig = {
    title: config.title,
    greeting: config.greeting,
    color: config.color,
    position: config.position,
    humanLabel: config.humanLabel,
    humanIntro: config.humanIntro,
    aiEnabled: true,
    ...(config.supportEmail ? { supportEmail: config.supportEmail } : {}),
  };
  c.header('cache-control', 'public, max-age=60');
  return c.json(body);
});
