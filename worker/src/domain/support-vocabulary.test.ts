import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inEnglish } from './support-vocabulary';

const questionsOf = (path: string) =>
  readFileSync(new URL(path, import.meta.url), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { question: string });

describe('inEnglish', () => {
  it('carries a German question with a product term to English support words, keeping the term as typed', () => {
    expect(inEnglish('wie lade ich eine datei hoch mit cy.selectFile')).toBe('upload file cy.selectFile');
  });

  it('carries French and Spanish support words and multi-word entries', () => {
    expect(inEnglish('Comment changer mon mot de passe ?')).toBe('change password ?');
    expect(inEnglish('¿Cómo borrar mi cuenta?')).toBe('delete account');
  });

  it('leaves an English question exactly as typed, even when it has words the lists share with English', () => {
    const question = 'How do I upload a file in my test and record a video?';
    expect(inEnglish(question)).toBe(question);
  });

  it('leaves every English question of the blind paraphrase set as typed: no foreign form is an English word', () => {
    const rewritten = questionsOf('../../../eval/retrieval/paraphrases.jsonl')
      .map(({ question }) => question)
      .filter((question) => inEnglish(question) !== question);
    expect(rewritten).toEqual([]);
  });

  it('carries the longer shared vocabulary: inflected German and French forms and their function words', () => {
    expect(inEnglish('Wie kann ich fehlgeschlagene Tests wiederholen?')).toBe('fail test retry');
    expect(inEnglish('Comment déboguer un test qui échoue en CI ?')).toBe('debug test fail CI ?');
  });

  it('reads an Arabic word before the Arabic question mark', () => {
    expect(inEnglish('كيف أحذف المشروع؟')).toBe('delete project');
  });
});
