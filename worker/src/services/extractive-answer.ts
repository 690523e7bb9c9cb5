/**
 * The answer without an LLM: the best passages of the best pages, quoted and
 * cited, and labelled plainly as excerpts.
 */
import type { SearchHit } from '../ports';
import { bestBlock } from './passage-blocks';
import { terms } from './passage-cuts';
import { splitQuestion } from './question-parts';

export const EXTRACTIVE_INTRO = 'Here are the most relevant excerpts from our docs (quoted, not written by an AI):';

/** A quoted passage with its heading and citation. */
function passage(hit: SearchHit, index: number, text: string): string {
  const heading = hit.section ? `${hit.title} › ${hit.section}` : hit.title;
  // A citation after a table row or a code fence would break it: give it its own line there.
  const endsInBlock = /(\|\s*|```\s*)$/.test(text);
  return `**${heading}**\n\n${text}${endsInBlock ? '\n\n' : ' '}[${index + 1}]`;
}

/** A passage's window: enough for a how-to with its code or list. */
const PASSAGE_CHARS = 700;
/**
 * The third page, when one is within reach of the best, gets a shorter window: the right page is
 * third often enough that quoting it pays (the FAQ's even half quotes a gold page 0.77 of the
 * time with it, 0.70 without), and a shorter passage keeps the answer from growing by half.
 */
const LAST_PASSAGE_CHARS = 400;

/** The words "I found nothing about" is followed by, for a part of the question no passage answers. */
export const UNCOVERED_PART = 'The docs I found do not cover this part of your question:';

/**
 * Build the excerpt answer from numbered hits (hits[i] is source i + 1). A multi-part question
 * gets the best passage for each part, or a plain line naming the part the docs do not cover.
 *
 * @example
 * extractiveAnswer('How do I reset my password?', hits) // "Here are ...\n\n**Reset your password**: ... [1]"
 */
export function extractiveAnswer(question: string, hits: SearchHit[], maxPassages = 3): string {
  const parts = splitQuestion(question);
  if (parts.length > 1) return partsAnswer(parts, hits);
  const questionTerms = terms(question);
  const passages: string[] = [];
  hits.slice(0, 3).forEach((hit, index) => {
    if (passages.length >= maxPassages) return;
    const block = bestBlock(questionTerms, hit, passages.length < 2 ? PASSAGE_CHARS : LAST_PASSAGE_CHARS, true);
    if (!block || (index > 0 && block.overlap < 1)) return;
    passages.push(passage(hit, index, block.text));
  });
  return [EXTRACTIVE_INTRO, ...passages].join('\n\n');
}

/** Two passages saying the same in nearly the same words (cy.clearCookie and cy.clearCookies): one of them is enough. */
function sameWords(one: string, other: string): boolean {
  const a = terms(one);
  const b = terms(other);
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / Math.max(1, a.size + b.size - shared) >= 0.5;
}

function partsAnswer(parts: string[], hits: SearchHit[]): string {
  const lines: string[] = [EXTRACTIVE_INTRO];
  const quoted = new Set<string>();
  for (const part of parts) {
    const partTerms = terms(part);
    const candidates = hits
      .slice(0, 5)
      .map((hit, index) => ({ hit, index, ...bestBlock(partTerms, hit, 500) }))
      .filter((found): found is { hit: SearchHit; index: number; text: string; overlap: number } => found.text !== undefined && !quoted.has(found.text));
    const best = candidates.reduce<(typeof candidates)[number] | undefined>((top, found) => (!top || found.overlap > top.overlap ? found : top), undefined);
    // A third of the part's words, at least one: a passage sharing less is noise, not an answer to it.
    if (!best || best.overlap < Math.max(1, partTerms.size / 3)) {
      lines.push(`${UNCOVERED_PART} “${part}”.`);
      continue;
    }
    // Another page matching the part as well is quoted too: the words cannot tell which of them answers it.
    const also = candidates.find((found) => found !== best && found.hit.pageId !== best.hit.pageId && found.overlap >= best.overlap && !sameWords(found.text, best.text));
    for (const chosen of also ? [best, also] : [best]) {
      quoted.add(chosen.text);
      lines.push(passage(chosen.hit, chosen.index, chosen.text));
    }
  }
  return lines.join('\n\n');
}
