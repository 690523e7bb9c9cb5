/** The surface words the spelling corrector (spelling.ts) may suggest, counted once when an index is written. */

/**
 * Every lowercase word of four letters or more in the sections and texts, with how often it occurs,
 * in order of first occurrence.
 *
 * @example
 * countSpellingWords(['Install'], ['Run the installer.']) // [['install', 1], ['installer', 1]]
 */
export function countSpellingWords(sections: readonly string[], texts: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  sections.forEach((section, number) => {
    // A plain regex, not the analyser: quick (~100 ms for 7,000 chunks).
    for (const word of `${section} ${texts[number]}`.toLowerCase().match(/[a-z]{4,}/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  });
  return [...counts];
}
