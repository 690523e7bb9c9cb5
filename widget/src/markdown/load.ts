/**
 * The Markdown renderer as the panel loads it: a chunk of its own (dist/widget-render.<lang>.js),
 * fetched when the panel first opens. Until it is there, or if it cannot load, an answer is its plain text.
 */
import { lazy } from '../models/lazy';

export const markdown = lazy(() => import('./render'));
