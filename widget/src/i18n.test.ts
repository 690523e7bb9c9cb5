import { describe, expect, it } from 'vitest';
import { LANGS, launcherLabels, resolveLang, strings } from './i18n';
import { formStrings, handoffStrings } from './i18n-handoff';

describe('i18n', () => {
  it('has every key, non-empty, in every language', () => {
    const keys = Object.keys(strings.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(strings[lang]).sort(), lang).toEqual(keys);
      for (const key of keys) expect(strings[lang][key as keyof typeof strings.en].trim(), `${lang}.${key}`).not.toBe('');
      expect(launcherLabels[lang], lang).toBeTruthy();
    }
  });

  it('has every handoff form key, non-empty, in every language, none of them a panel key', () => {
    const keys = Object.keys(handoffStrings.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(handoffStrings[lang]).sort(), lang).toEqual(keys);
      for (const key of keys) expect(handoffStrings[lang][key as keyof typeof handoffStrings.en].trim(), `${lang}.${key}`).not.toBe('');
    }
    expect(keys.filter((key) => key in strings.en)).toEqual([]);
  });

  it("gives the form the panel's strings and its own", () => {
    // Vitest builds with the English panel's __SB_LANG__ (vite.config.ts), as dist/widget-handoff.en.js does.
    const t = formStrings(strings.en, 'en');
    expect([t.close, t.sendToHuman]).toEqual([strings.en.close, handoffStrings.en.sendToHuman]);
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
