/**
 * The answer without an LLM: the best passages of the best pages, quoted and
 * cited, and labelled plainly as excerpts.
 */
import type { SearchHit } from '../ports';
import { analyze } from '../domain/text-analysis';
import { splitQuestion } from './question-parts';

export const EXTRACTIVE_INTRO = 'Here are the most relevant excerpts from our docs (quoted, not written by an AI):';

/** The index's own analysis (stop words, Porter stems), so "cookies" in a question meets "cookie" in a passage. */
export const terms = (text: string) => new Set(analyze(text));

/** Paragraph-sized blocks; fenced code stays whole and is never split. A lone heading is dropped unless `headings` keeps it, as a boundary. */
export function splitBlocks(text: string, headings = false): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === '') {
      if (current.length) blocks.push(current.join('\n'));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length) blocks.push(current.join('\n'));
  return headings ? blocks : blocks.filter((block) => !isHeading(block.trim()));
}

const isHeading = (block: string) => /^#{1,6}\s/.test(block) && !block.includes('\n');

/** A block that only repeats the hit's title (a resolved case's question, maybe cut short with "…") tells nothing the heading doesn't. */
function repeatsTitle(block: string, title: string): boolean {
  return block === title || (title.endsWith('…') && block.startsWith(title.slice(0, -1)));
}

/** A block that announces what follows ("…the command should be:", "three useful features:"). */
const announces = (block: string) => /:\s*$/.test(block) && !block.trimStart().startsWith('```');

/** A list, code fence or table: what an announcement promises. */
const isPayload = (block: string) => /^\s*(```|~~~|[-*+] |\d+[.)] |\|)/.test(block);

/** A block that is a list item (or list). */
const isListItem = (block: string) => /^([-*+]|\d+[.)]) /.test(block);

/**
 * The passages a reader can quote: each block, with the list, code or table it announces carried
 * along. An announcement whose payload is not in this chunk loses its last sentence (the
 * announcement) rather than ending on a promise; one that is nothing but the announcement goes.
 */
export function quotableBlocks(text: string, headings = false): string[] {
  const blocks = splitBlocks(text, headings).map((block) => block.trim());
  const quotable: string[] = [];
  for (let position = 0; position < blocks.length; position++) {
    let block = blocks[position]!;
    if (!announces(block)) {
      quotable.push(block);
      continue;
    }
    const payload = blocks[position + 1];
    if (payload !== undefined && isPayload(payload)) {
      let carried = `${block}\n\n${payload}`;
      position++;
      // A loose list (items apart by blank lines) is one payload.
      while (isListItem(payload) && blocks[position + 1] !== undefined && isListItem(blocks[position + 1]!)) carried += `\n\n${blocks[++position]}`;
      quotable.push(carried);
      continue;
    }
    // The last sentence goes; a dot inside a name (`cy.wait()`) does not end one.
    block = block.replace(/(^|[.!?]\s+)(?:[^.!?]|[.!?](?!\s))*:\s*$/u, '$1').trim();
    if (block) quotable.push(block);
  }
  return quotable;
}

/** The block of a hit sharing the most of the question's terms (code counts half a term less), cut to `maxChars`. */
export function bestBlock(question: Set<string>, hit: SearchHit, maxChars: number, follow = false): { text: string; overlap: number } | undefined {
  const blocks = quotableBlocks(hit.text, true);
  let best: { text: string; overlap: number } | undefined;
  blocks.forEach((block) => {
    if (repeatsTitle(block, hit.title.trim()) || isHeading(block)) return;
    const blockTerms = terms(block);
    let overlap = 0;
    for (const term of question) if (blockTerms.has(term)) overlap++;
    const isCode = block.startsWith('```');
    const score = overlap - (isCode ? 0.5 : 0);
    if (!best || score > best.overlap) best = { text: block, overlap: score };
  });
  if (!best) return undefined;
  if (follow) {
    const window = bestWindow(blocks, question, maxChars, (block) => repeatsTitle(block, hit.title.trim()));
    return { text: truncate(compactTables(window ?? best.text), maxChars, question), overlap: best.overlap };
  }
  const text = best.text;
  return { text: truncate(text, maxChars, question), overlap: best.overlap };
}

/** A heading, a bold line standing as one ("**What you'll learn**"), or a label too short to be a sentence ("Example Recipe"): the start of something else. */
const startsAnother = (block: string) => /^#{1,6}\s/.test(block) || /^\*\*[^*]+\*\*:?$/.test(block) || (block.length < 40 && !/[.!?`]$/.test(block) && !isPayload(block));

/**
 * The passage to quote: a block and the blocks after it in its section, filled to `maxChars`,
 * starting where the run holds most of the question's terms (on a tie, at the block sharing most
 * itself). The answer often sits in the paragraph after the one that names the subject. A run
 * never starts on, or crosses into, a heading.
 */
function bestWindow(blocks: string[], question: Set<string>, maxChars: number, skip: (block: string) => boolean): string | undefined {
  const shared = (text: string) => [...terms(text)].filter((term) => question.has(term)).length;
  let top: { text: string; covered: number; own: number } | undefined;
  blocks.forEach((first, at) => {
    if (skip(first) || startsAnother(first)) return;
    let text = first;
    for (let next = at + 1; next < blocks.length; next++) {
      const block = blocks[next]!;
      if (startsAnother(block) || text.length + block.length + 2 > maxChars) break;
      text += `\n\n${block}`;
    }
    const window = { text, covered: shared(text), own: shared(first) };
    if (!top || window.covered > top.covered || (window.covered === top.covered && window.own > top.own)) top = window;
  });
  return top?.text;
}

/** A list's top-level items, each with its indented or wrapped lines. */
function listItems(list: string): string[] {
  const items: string[] = [];
  for (const line of list.split('\n')) {
    if (/^(\d+[.)]|[-*+]) /.test(line) || items.length === 0) items.push(line);
    else items[items.length - 1] += `\n${line}`;
  }
  return items;
}

/**
 * An announcement whose list is too long to quote whole keeps the items that share the question's
 * words, in their order, so "three useful features:" is not cut before the one asked about.
 */
function pickItems(text: string, maxChars: number, question: Set<string>): string | undefined {
  const split = text.indexOf('\n\n');
  const list = text.slice(split + 2);
  if (split < 0 || !/^\s*(\d+[.)]|[-*+]) /.test(list)) return undefined;
  const intro = text.slice(0, split);
  const kept = keepSharing(listItems(list).map((item) => item.trim()), maxChars - intro.length, question);
  return kept.length ? `${intro}\n\n${kept.join('\n')}` : undefined;
}

/** The parts sharing the question's words, the rarest words first while `budget` lasts, returned in their own order. */
function keepSharing(parts: string[], budget: number, question: Set<string>): string[] {
  const partTerms = parts.map((part) => terms(part));
  // A word of the question weighs by how few parts hold it: "sandbox" in one row beats "Cypress" in most.
  const weight = (term: string) => Math.log((parts.length + 1) / partTerms.filter((held) => held.has(term)).length);
  const scored = parts.map((part, at) => ({ part, at, shared: [...partTerms[at]!].filter((term) => question.has(term)).reduce((sum, term) => sum + weight(term), 0) }));
  const kept = new Set<number>();
  for (const { part, at } of scored.filter(({ shared }) => shared > 0).sort((a, b) => b.shared - a.shared)) {
    if (part.length + 1 > budget) continue;
    kept.add(at);
    budget -= part.length + 1;
  }
  return parts.filter((_, at) => kept.has(at));
}

/**
 * A table too long to quote whole keeps its header and the rows that share the question's words,
 * in their order, so a permissions table is not cut before the row asked about.
 */
function pickRows(text: string, maxChars: number, question: Set<string>): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((line, at) => line.trimStart().startsWith('|') && /^\s*\|?[\s:|-]+\|?\s*$/.test(lines[at + 1] ?? '') && /-/.test(lines[at + 1] ?? ''));
  if (start < 0) return undefined;
  let end = start + 2;
  while (end < lines.length && lines[end]!.trimStart().startsWith('|')) end++;
  const head = lines.slice(0, start + 2).join('\n');
  const rows = lines.slice(start + 2, end);
  const differing = differingRows(lines[start]!, rows, maxChars - head.length, question);
  const kept = differing.length ? differing : keepSharing(rows, maxChars - head.length, question);
  return kept.length ? [head, ...kept].join('\n') : undefined;
}

const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());

/**
 * A question naming two or more of a table's columns ("admin vs owner") asks where they differ:
 * the rows whose cells in those columns are not all the same. The rarest pattern of those cells
 * comes first while the budget lasts (three owner-only rows before fifteen alike), in page order.
 */
function differingRows(header: string, rows: string[], budget: number, question: Set<string>): string[] {
  const named = cells(header).flatMap((cell, column) => ([...terms(cell)].some((term) => question.has(term)) ? [column] : []));
  if (named.length < 2) return [];
  const patterns = rows.map((row) => named.map((column) => cells(row)[column] ?? ''));
  const count = new Map<string, number>();
  for (const pattern of patterns) count.set(pattern.join('|'), (count.get(pattern.join('|')) ?? 0) + 1);
  const kept = new Set<number>();
  const differing = rows.map((_, at) => at).filter((at) => new Set(patterns[at]).size > 1);
  for (const at of differing.sort((x, y) => count.get(patterns[x]!.join('|'))! - count.get(patterns[y]!.join('|'))! || x - y)) {
    if (rows[at]!.length + 1 > budget) continue;
    kept.add(at);
    budget -= rows[at]!.length + 1;
  }
  return rows.filter((_, at) => kept.has(at));
}

/** Table rows without their alignment padding: Markdown shows them the same, and a quote fits more rows. */
export const compactTables = (text: string) =>
  text
    .split('\n')
    .map((line) => (/^\s*\|/.test(line) ? line.trim().replace(/\s{2,}/g, ' ').replace(/-{3,}/g, '---') : line))
    .join('\n');

function truncate(text: string, maxChars: number, question: Set<string> = new Set()): string {
  if (text.length <= maxChars || text.startsWith('```')) return text;
  // An announcement with its code: the code is what was asked for, so it stays whole.
  const fence = text.indexOf('\n\n```');
  if (fence >= 0 && fence < maxChars) return text;
  const items = pickItems(text, maxChars, question) ?? pickRows(text, maxChars, question);
  if (items) return items;
  const cut = text.slice(0, maxChars);
  const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'));
  // A cut right after the next item's number ("…the test.\n\n5.") would quote an empty item.
  const kept = sentenceEnd > maxChars / 2 ? cut.slice(0, sentenceEnd + 1) : `${cut.slice(0, cut.lastIndexOf(' '))} …`;
  return kept.replace(/\n\s*(\d+[.)]|[-*+])( …)?$/, '').trimEnd();
}

/** A quoted passage with its heading and citation. */
function passage(hit: SearchHit, index: number, text: string): string {
  const heading = hit.section ? `${hit.title} › ${hit.section}` : hit.title;
  // A citation after a table row or a code fence would break it: give it its own line there.
  const endsInBlock = /(\|\s*|```\s*)$/.test(text);
  return `**${heading}**\n\n${text}${endsInBlock ? '\n\n' : ' '}[${index + 1}]`;
}

/** The words "I found nothing about" is followed by, for a part of the question no passage answers. */
export const UNCOVERED_PART = 'The docs I found do not cover this part of your question:';

/**
 * Build the excerpt answer from numbered hits (hits[i] is source i + 1). A multi-part question
 * gets the best passage for each part, or a plain line naming the part the docs do not cover.
 *
 * @example
 * extractiveAnswer('How do I reset my password?', hits) // "Here are ...\n\n**Reset your password**: ... [1]"
 */
export function extractiveAnswer(question: string, hits: SearchHit[], maxPassages = 2): string {
  const parts = splitQuestion(question);
  if (parts.length > 1) return partsAnswer(parts, hits);
  const questionTerms = terms(question);
  const passages: string[] = [];
  hits.slice(0, 3).forEach((hit, index) => {
    if (passages.length >= maxPassages) return;
    const block = bestBlock(questionTerms, hit, 700, true);
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
