import { describe, expect, it } from 'vitest';
import { buildPrompt } from '../worker/src/services/prompt';
import { groundedReply } from './openai-test-server';

// The double's default answer must come from the prompt the worker really builds: when the prompt format changed,
// it quietly quoted a line of the rules instead of a source.
describe('the OpenAI-compatible test double', () => {
  it('answers from the first source of the real prompt, cited', () => {
    const messages = buildPrompt({
      question: 'How long is the reset link valid?',
      history: [],
      sources: [
        { n: 1, title: 'Reset your password', url: 'https://docs.example/reset', section: 'Forgotten password', text: '1. The reset link is valid for 60 minutes. It works once.' },
        { n: 2, title: 'Sign in', url: 'https://docs.example/sign-in', text: 'Sign in with your email.' },
      ],
      tokenBudget: 4000,
    });
    expect(groundedReply(messages)).toBe('According to the docs, the reset link is valid for 60 minutes. [1]');
  });

  it('says it is not sure when the prompt has no sources', () => {
    expect(groundedReply(buildPrompt({ question: 'Anything?', history: [], sources: [], tokenBudget: 4000 }))).toBe("I'm not sure: the sources don't cover this.");
  });
});
