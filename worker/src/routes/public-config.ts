import { Hono } from 'hono';
import type { WidgetConfig } from '../../../shared/protocol';
import type { AppEnv } from '../env';
import { inRollout } from '../services/ai-access';

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
    // Per visitor: the kill switch, then the rollout share by the widget's anonymous id.
    aiEnabled: config.aiEnabled && inRollout(c.req.query('visitor'), config.rolloutPercent),
    ...(config.supportEmail ? { supportEmail: config.supportEmail } : {}),
    ...(config.launcherIcon ? { launcherIcon: config.launcherIcon } : {}),
  };
  c.header('cache-control', config.rolloutPercent < 100 ? 'private, max-age=60' : 'public, max-age=60');
  return c.json(body);
});

