/**
 * Cutting a passage to its budget without losing what was asked: a long list keeps the items,
 * a long table the rows, that share the question's words; otherwise the cut ends on a sentence.
 */
import { analyze } from '../domain/text-analysis';

/** The index's own analysis (stop words, Porter stems), so "cookies" in a question meets "cookie" in a passage. */
export const terms = (text: string) => new Set(analyze(text));

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
  const kept = keepSharing(listItems(list).map((item) => item.trim()), maxChars - intro.length, question, cutItem);
  return kept.length ? `${intro}\n\n${kept.join('\n')}` : undefined;
}

/** Below this many characters a cut item says too little to be worth quoting. */
const MIN_CUT_ITEM = 120;

/**
 * A list item cut to `budget`: at its last sentence end past a third of it, else at a word with " …".
 * An item too long for the passage is often the one asked about ("Disable it entirely… for: protected
 * branches like main"), so it is quoted in part rather than left out.
 */
function cutItem(item: string, budget: number): string | undefined {
  if (budget < MIN_CUT_ITEM) return undefined;
  const kept = cutAtSentence(item.slice(0, budget - 2), budget / 3);
  // Not on an announcement whose sub-items were cut away.
  return /:$/.test(kept) ? `${kept.slice(0, -1).trimEnd()} …` : kept;
}

/**
 * `cut` (a prefix of a passage) ended at its last sentence end past `minEnd`, else at a word with " …";
 * never on a bare list marker: a cut right after the next item's number ("…the test.\n\n5.") would quote an empty item.
 */
function cutAtSentence(cut: string, minEnd: number): string {
  const end = lastSentenceEnd(cut);
  const kept = end > minEnd ? cut.slice(0, end + 1) : `${cut.slice(0, cut.lastIndexOf(' '))} …`;
  return kept.replace(/\n\s*(\d+[.)]|[-*+])( …)?$/, '').trimEnd();
}

/** `text` without its last sentence when that sentence announces what follows ("…the command should be:"); a dot inside a name (`cy.wait()`) does not end one. */
export const dropAnnouncement = (text: string): string => text.replace(/(^|[.!?]\s+)(?:[^.!?]|[.!?](?!\s))*:\s*$/u, '$1').trim();

/**
 * The parts sharing the question's words, the rarest words first while `budget` lasts, returned in
 * their own order. With `cut`, the best part, when too long for the budget, is quoted in part (`cut` may decline).
 */
function keepSharing(parts: string[], budget: number, question: Set<string>, cut?: (part: string, budget: number) => string | undefined): string[] {
  const asked = parts.map((part) => [...terms(part)].filter((term) => question.has(term)));
  const holding = new Map<string, number>();
  for (const held of asked) for (const term of held) holding.set(term, (holding.get(term) ?? 0) + 1);
  // A word of the question weighs by how few parts hold it: "sandbox" in one row beats "Cypress" in most.
  const scored = parts.map((part, at) => ({ part, at, shared: asked[at]!.reduce((sum, term) => sum + Math.log((parts.length + 1) / holding.get(term)!), 0) }));
  const kept = new Map<number, string>();
  for (const { part, at } of scored.filter(({ shared }) => shared > 0).sort((a, b) => b.shared - a.shared)) {
    if (part.length + 1 <= budget) {
      kept.set(at, part);
      budget -= part.length + 1;
      continue;
    }
    // Only the part sharing most of the question is cut to fit: a lesser one cut short is noise.
    const partial = kept.size === 0 ? cut?.(part, budget - 1) : undefined;
    if (partial === undefined) continue;
    kept.set(at, partial);
    budget = 0;
  }
  return parts.flatMap((_, at) => kept.get(at) ?? []);
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
  const patterns = rows.map((row) => {
    const values = cells(row);
    return named.map((column) => values[column] ?? '');
  });
  const keys = patterns.map((pattern) => pattern.join('|'));
  const count = new Map<string, number>();
  for (const key of keys) count.set(key, (count.get(key) ?? 0) + 1);
  const kept = new Set<number>();
  const differing = rows.map((_, at) => at).filter((at) => new Set(patterns[at]).size > 1);
  for (const at of differing.sort((x, y) => count.get(keys[x]!)! - count.get(keys[y]!)! || x - y)) {
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

export function truncate(text: string, maxChars: number, question: Set<string> = new Set()): string {
  if (text.length <= maxChars || text.startsWith('```')) return text;
  // An announcement with its code: the code is what was asked for, so it stays whole.
  const fence = text.indexOf('\n\n```');
  if (fence >= 0 && fence < maxChars) return text;
  const items = pickItems(text, maxChars, question) ?? pickRows(text, maxChars, question);
  if (items) return items;
  const kept = cutAtSentence(text.slice(0, maxChars), maxChars / 2);
  // What is left must not end on a promise ("…two things:") whose list was cut away: its last sentence goes.
  if (!/:$/.test(kept)) return kept;
  return dropAnnouncement(kept) || `${kept.slice(0, -1).trimEnd()} …`;
}

/** Where the last sentence of `text` ends: a full stop before a space or a line break, but not a list item's number ("1. "). */
function lastSentenceEnd(text: string): number {
  let end = -1;
  for (const match of text.matchAll(/\.(?=[ \n])/g)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    if (!/^\s*\d+$/.test(text.slice(lineStart, match.index))) end = match.index;
  }
  return end;
}
