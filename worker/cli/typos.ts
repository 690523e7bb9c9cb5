/**
 * Seeded typos for the retrieval eval: the same seed gives the same misspelt questions on every
 * run, so "typos cost this much hit@5" is a number anyone can reproduce.
 */

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The question with `count` typos, each in a different plain word of 4 letters or more (never a
 * code term such as `cy.get`): a letter dropped, doubled, swapped with its neighbour or replaced.
 *
 * @example
 * addTypos('whats the difference between cy.get and find', 1, seededRandom(1)) // 'whats the diffrence between cy.get and find'
 */
export function addTypos(question: string, count: number, random: () => number): string {
  const words = question.split(' ');
  const candidates = words.map((word, position) => (/^[a-z]{4,}$/i.test(word) ? position : -1)).filter((position) => position >= 0);
  for (let made = 0; made < count && candidates.length > 0; made++) {
    const position = candidates.splice(Math.floor(random() * candidates.length), 1)[0]!;
    const word = words[position]!;
    // Inside the word: people rarely mistype the first letter.
    const at = 1 + Math.floor(random() * (word.length - 1));
    const letter = LETTERS[Math.floor(random() * LETTERS.length)]!;
    const kind = Math.floor(random() * 4);
    words[position] =
      kind === 0 ? word.slice(0, at) + word.slice(at + 1)
      : kind === 1 ? word.slice(0, at) + word[at - 1] + word.slice(at)
      : kind === 2 && at < word.length - 1 ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
      : word.slice(0, at) + letter + word.slice(at + 1);
  }
  return words.join(' ');
}
