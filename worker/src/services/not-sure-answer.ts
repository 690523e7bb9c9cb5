/**
 * The answer below the confidence bar: it says plainly that it is not sure, quotes nothing, and
 * names the closest pages as numbered sources, so the visitor can still read them or ask a person.
 */
import type { Source } from '../../../shared/protocol';
import type { SearchHit } from '../ports';
import { numberSources } from './citations';
import { fillIn } from './messages';

/** How many pages a "not sure" names: enough to choose from, few enough to read. */
export const CLOSEST_PAGES = 3;

/**
 * The "not sure" text with the closest pages by title, and those pages as sources.
 *
 * @example
 * notSureWithPages(messagesFor('en').notSureWithPages, hits) // { text: "I'm not sure … - Get vs Find [1] …", sources: [...] }
 */
export function notSureWithPages(template: string, hits: SearchHit[]): { text: string; sources: Source[] } {
  const { sources } = numberSources(
    hits.filter((hit) => hit.score > 0),
    CLOSEST_PAGES,
  );
  const pages = sources.map((source) => `- ${source.title} [${source.n}]`).join('\n');
  return { text: fillIn(template, { pages }), sources };
}
