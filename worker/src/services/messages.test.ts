import { describe, expect, it } from 'vitest';
import { MESSAGES, messagesFor } from './messages';

describe('messagesFor', () => {
  it('speaks the visitor’s language, by primary subtag, and English otherwise', () => {
    expect(messagesFor('de-AT').notSure).toMatch(/nicht sicher/);
    expect(messagesFor('fr').notSure).toMatch(/pas sûr/);
    expect(messagesFor('es').notSure).toMatch(/No estoy seguro/);
    expect(messagesFor('ar').notSure).toMatch(/لست متأكدًا/);
    expect(messagesFor('ja')).toBe(MESSAGES);
    expect(messagesFor(undefined)).toBe(MESSAGES);
  });

  it('has every message in every language', () => {
    for (const lang of ['de', 'fr', 'es', 'ar']) expect(Object.keys(messagesFor(lang)).sort()).toEqual(Object.keys(MESSAGES).sort());
  });
});
