import { describe, expect, it } from 'vitest';
import { isConfirmation, onAnswer, onHumanResolved, onRating, onVisitorMessage, settle, type OutcomeState } from './outcomes';

const HOUR = 3_600_000;
const options = { assumedAfterMs: 24 * HOUR, reopenWithinMs: 72 * HOUR };
const T0 = 1_750_000_000_000;
const fresh = (): OutcomeState => ({ createdAt: T0, updatedAt: T0, status: 'ai' });
const apply = (state: OutcomeState, patch: Partial<OutcomeState>): OutcomeState => ({ ...state, ...patch });

describe('outcome transitions', () => {
  it('a new conversation is open, with no outcome time', () => {
    expect(settle(fresh(), T0 + HOUR, options)).toEqual({ outcome: 'open' });
  });

  it('open → resolved-confirmed on 👍, dated at the vote', () => {
    const answered = apply(fresh(), onAnswer(fresh(), { at: T0 + 2000, mode: 'answered' }));
    const rated = apply(answered, onRating(answered, 'up', T0 + 60_000, options));
    expect(settle(rated, T0 + 100 * HOUR, options)).toEqual({ outcome: 'resolved-confirmed', outcomeAt: T0 + 60_000 });
    expect(rated.firstResponseAt).toBe(T0 + 2000);
  });

  it('open → resolved-confirmed when the visitor writes "thanks, that worked"', () => {
    const answered = apply(fresh(), onAnswer(fresh(), { at: T0 + 2000, mode: 'answered' }));
    const confirmed = apply(answered, onVisitorMessage(answered, 'Thanks, that worked!', T0 + 90_000, options));
    expect(settle(confirmed, T0 + 90_000, options)).toEqual({ outcome: 'resolved-confirmed', outcomeAt: T0 + 90_000 });
  });

  it('open → resolved-assumed only once ASSUMED_RESOLUTION_HOURS of silence have passed after a useful answer', () => {
    const answered = apply(fresh(), onAnswer(fresh(), { at: T0 + 2000, mode: 'answered' }));
    expect(settle(answered, T0 + 2000 + 24 * HOUR - 1, options).outcome).toBe('open');
    expect(settle(answered, T0 + 2000 + 24 * HOUR, options)).toEqual({ outcome: 'resolved-assumed', outcomeAt: T0 + 2000 });
    // Never stored: assumed is what silence looks like, not something anyone said.
    expect(answered.outcome).toBeUndefined();
  });

  it('open → abandoned after silence that follows a "not sure" answer', () => {
    const unsure = apply(fresh(), onAnswer(fresh(), { at: T0 + 2000, mode: 'not-sure' }));
    expect(settle(unsure, T0 + 30 * HOUR, options)).toEqual({ outcome: 'abandoned', outcomeAt: T0 + 2000 });
    expect(unsure.review).toEqual(['not-sure']);
  });

  it('open → abandoned after silence that follows a 👎', () => {
    const answered = apply(fresh(), onAnswer(fresh(), { at: T0 + 2000, mode: 'answered' }));
    const down = apply(answered, onRating(answered, 'down', T0 + 5000, options));
    expect(settle(down, T0 + 30 * HOUR, options).outcome).toBe('abandoned');
    expect(down.review).toEqual(['down']);
  });

  it('open → escalated when the policy hands over, then → human-resolved when a person resolves it', () => {
    const escalated = apply(fresh(), onAnswer(fresh(), { at: T0 + 1000, mode: 'escalated' }));
    expect(settle(escalated, T0 + 100 * HOUR, options)).toEqual({ outcome: 'escalated', outcomeAt: T0 + 1000 });
    const resolved = apply(escalated, onHumanResolved(escalated, T0 + 3 * HOUR));
    expect(settle(resolved, T0 + 100 * HOUR, options)).toEqual({ outcome: 'human-resolved', outcomeAt: T0 + 3 * HOUR });
  });

  it('a handoff or agent inbox that only changes status is read as escalated, then human-resolved at its last write', () => {
    const handedOff = { ...fresh(), status: 'escalated' as const, updatedAt: T0 + 500 };
    expect(settle(handedOff, T0 + 100 * HOUR, options).outcome).toBe('escalated');
    const closed = { ...handedOff, status: 'resolved' as const, updatedAt: T0 + 2 * HOUR };
    expect(settle(closed, T0 + 100 * HOUR, options)).toEqual({ outcome: 'human-resolved', outcomeAt: T0 + 2 * HOUR });
  });

  it('resolved-confirmed → reopened when the visitor comes back within the window', () => {
    const answered = apply(fresh(), onAnswer(fresh(), { at: T0 + 2000, mode: 'answered' }));
    const rated = apply(answered, onRating(answered, 'up', T0 + 60_000, options));
    const back = apply(rated, onVisitorMessage(rated, 'It stopped syncing again', T0 + 10 * HOUR, options));
    expect(settle(back, T0 + 10 * HOUR, options)).toEqual({ outcome: 'reopened', outcomeAt: T0 + 10 * HOUR });
  });

  it('resolved-assumed → reopened when the visitor comes back within the window', () => {
    const answered = apply(fresh(), onAnswer(fresh(), { at: T0, mode: 'answered' }));
    const back = apply(answered, onVisitorMessage(answered, 'still broken', T0 + 30 * HOUR, options));
    expect(back.outcome).toBe('reopened');
  });

  it('a return after the reopen window is a new question, not a reopening', () => {
    const answered = apply(fresh(), onAnswer(fresh(), { at: T0, mode: 'answered' }));
    const rated = apply(answered, onRating(answered, 'up', T0 + 1000, options));
    expect(onVisitorMessage(rated, 'another thing', T0 + 1000 + 73 * HOUR, options)).toEqual({});
  });

  it('reopened → escalated when a person is needed after all', () => {
    const reopened: OutcomeState = { ...fresh(), outcome: 'reopened', outcomeAt: T0 + HOUR, lastAnswerAt: T0 };
    const escalated = apply(reopened, onAnswer(reopened, { at: T0 + 2 * HOUR, mode: 'escalated' }));
    expect(settle(escalated, T0 + 2 * HOUR, options).outcome).toBe('escalated');
  });

  it('a 👎 takes back a 👍 but never undoes an escalation', () => {
    const rated: OutcomeState = { ...fresh(), outcome: 'resolved-confirmed', outcomeAt: T0 + 5, lastAnswerAt: T0 };
    expect(onRating(rated, 'down', T0 + 10, options).outcome).toBe('open');
    const escalated: OutcomeState = { ...fresh(), outcome: 'escalated', outcomeAt: T0 + 5, escalatedAt: T0 + 5 };
    expect(onRating(escalated, 'down', T0 + 10, options).outcome).toBeUndefined();
    // Only the rating's time, which a replayed turn update older than it must respect.
    expect(onRating(escalated, 'up', T0 + 10, options)).toEqual({ ratedAt: T0 + 10 });
  });

  it('an abandoned conversation the visitor returns to is open again', () => {
    const unsure = apply(fresh(), onAnswer(fresh(), { at: T0, mode: 'not-sure' }));
    expect(onVisitorMessage(unsure, 'hello?', T0 + 30 * HOUR, options)).toEqual({ outcome: 'open', outcomeAt: undefined });
  });

  it('an answer or an honest "not sure" is the first response; a hand-off notice is not', () => {
    expect(onAnswer(fresh(), { at: T0, mode: 'answered' }).firstResponseAt).toBe(T0);
    expect(onAnswer(fresh(), { at: T0, mode: 'not-sure' }).firstResponseAt).toBe(T0);
    for (const mode of ['escalated', 'out-of-scope', 'human-only'] as const) expect(onAnswer(fresh(), { at: T0, mode }).firstResponseAt).toBeUndefined();
    const answered = apply(fresh(), onAnswer(fresh(), { at: T0, mode: 'answered' }));
    expect(onAnswer(answered, { at: T0 + HOUR, mode: 'answered' }).firstResponseAt).toBeUndefined();
  });

  it('a human-only answer is an escalation but not a review item; loops are', () => {
    const human = onAnswer(fresh(), { at: T0, mode: 'human-only' });
    expect(human.outcome).toBe('escalated');
    expect(human.review).toBeUndefined();
    expect(onAnswer(fresh(), { at: T0, mode: 'answered', loop: true }).review).toEqual(['loop']);
  });
});

describe('isConfirmation', () => {
  it.each(['that solved it', 'Thanks, that worked', 'thank you! that fixed it', 'Perfect, it works now', 'ok great, that helped', 'problem solved, thanks'])('"%s" confirms', (text) => {
    expect(isConfirmation(text)).toBe(true);
  });
  it.each(['that did not work', 'How do I export notes?', 'thanks', 'it worked yesterday but now sync fails every time I open the app on my phone and I need help'])('"%s" does not', (text) => {
    expect(isConfirmation(text)).toBe(false);
  });
});
