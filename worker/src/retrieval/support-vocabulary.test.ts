import { describe, expect, it } from 'vitest';
import { inEnglish } from './support-vocabulary';

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
});
