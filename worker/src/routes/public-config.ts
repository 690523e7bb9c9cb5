import { Hono } from 'hono';
import type { WidgetConfig } from '../../../shared/protocol';
import type { AppEnv } from '../env';
import { inRollout } from '../services/ai-access';

export const publicConfig = new Hono<AppEnv>();

/** The widget's public settings. Nothing secret is ever read here. */
publicConfig.get('/', (c) => {
  const config = c.get('config');
  // Wording left empty is the widget's own, in the visitor's language: only what the site set is sent.
  const wording = Object.fromEntries((['title', 'greeting', 'humanLabel', 'humanIntro'] as const).filter((key) => config[key]).map((key) => [key, config[key]]));
  const body: WidgetConfig = {
    ...wording,
    color: config.color,
    position: config.position,
    // Per visitor: the kill switch, then the rollout share by the widget's anonymous id.
    aiEnabled: config.aiEnabled && inRollout(c.req.query('visitor'), config.rolloutPercent),
    ...(config.supportEmail ? { supportEmail: config.supportEmail } : {}),
    ...(config.launcherIcon ? { launcherIcon: config.launcherIcon } : {}),
  };
  c.header('cache-control', config.rolloutPercent < 100 ? 'private, max-age=60' : 'public, max-age=60');
  return c.json(body);
});

