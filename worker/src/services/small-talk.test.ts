import { describe, expect, it } from 'vitest';
import { smallTalk } from './small-talk';

describe('smallTalk', () => {
  it.each(['hi', 'Hi there!', 'hello', 'Hey team', 'good morning', 'Hallo', 'Guten Tag', 'bonjour', 'Salut !', 'hola', 'Buenos días', 'مرحبا', 'السلام عليكم'])('greets back "%s"', (text) => {
    expect(smallTalk(text)).toBe('greeting');
  });

  it.each(['thanks', 'Thank you so much!', 'ok, thanks', 'thx', 'thanks, that worked!', 'Perfect, it works now', 'danke schön', 'merci beaucoup', 'muchas gracias', 'شكرا'])('takes "%s" as thanks', (text) => {
    expect(smallTalk(text)).toBe('thanks');
  });

  it.each([
    'hi, how do I export my notes?',
    'hello world example?',
    'hey my sync is broken',
    'thanks but it did not work',
    'thanks, and how do I share a notebook?',
    'How do I say thanks to a collaborator?',
    '',
    '???',
  ])('leaves a question or anything else to the docs: "%s"', (text) => {
    expect(smallTalk(text)).toBeUndefined();
  });
});
