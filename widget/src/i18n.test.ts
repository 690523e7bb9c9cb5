import { describe, expect, it } from 'vitest';
import { LANGS, launcherLabels, resolveLang, strings } from './i18n';

describe('i18n', () => {
  it('has every key, non-empty, in every language', () => {
    const keys = Object.keys(strings.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(strings[lang]).sort(), lang).toEqual(keys);
      for (const key of keys) expect(strings[lang][key as keyof typeof strings.en].trim(), `${lang}.${key}`).not.toBe('');
      expect(launcherLabels[lang], lang).toBeTruthy();
    }
  });

  it('keeps the {s} placeholder in every translation of rateLimited', () => {
    for (const lang of LANGS) expect(strings[lang].rateLimited, lang).toContain('{s}');
  });

  it('resolves region tags to a supported language, else English', () => {
    expect(resolveLang('de-AT')).toBe('de');
    expect(resolveLang('AR')).toBe('ar');
    expect(resolveLang('pt-BR')).toBe('en');
    expect(resolveLang(undefined)).toBe('en');
  });
});
