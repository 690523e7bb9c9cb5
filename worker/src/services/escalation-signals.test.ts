import { describe, expect, it } from 'vitest';
import {
  cancelIntent,
  complexIssue,
  explicitHumanRequest,
  frustration,
  highValue,
  longConversation,
  loop,
  noAiTopic,
  type HistoryTurn,
} from './escalation-signals';

const now = Date.UTC(2026, 0, 1, 12);
const turn = (role: HistoryTurn['role'], text: string, minutesAgo = 1): HistoryTurn => ({ role, text, at: now - minutesAgo * 60_000 });

describe('frustration', () => {
  it.each([
    'This is useless, nothing works.',
    'This is the third time I am asking!!!',
    'WHY DOES THE RECORDING NEVER SHOW UP',
    'What a waste of my time.',
  ])('fires on %s', (message) => expect(frustration(message, []).fired).toBe(true));

  it.each([
    'How do I set the baseUrl?',
    'I ran it again and now it passes, why?',
    'The CI and SSO docs mention SAML, is that right?',
  ])('stays quiet on %s', (message) => expect(frustration(message, []).fired).toBe(false));

  it('counts a re-sent message as one cue, not enough alone', () => {
    const history = [turn('visitor', 'cypress run hangs at the end of the job'), turn('assistant', 'Try --exit')];
    expect(frustration('cypress run hangs at the end of the job', history).fired).toBe(false);
    const again = frustration('cypress run hangs at the end of the job, still not fixed', history);
    expect(again.fired).toBe(true);
    expect(again.detail).toContain('repeated message');
  });
});

describe('cancelIntent', () => {
  it.each([
    'How do I cancel my Cypress Cloud subscription?',
    'We are switching to Playwright next quarter.',
    "We won't renew our contract.",
    'Please close our account.',
    'downgrade our plan to free',
  ])('fires on %s', (message) => expect(cancelIntent(message).fired).toBe(true));

  it.each([
    'How do I cancel a test run in progress?',
    'How do I cancel the request in cy.intercept?',
    'How do I abort a command after 10 seconds?',
    'How do I downgrade Cypress to version 12?',
    'Can I move tests to another folder?',
  ])('ignores %s', (message) => expect(cancelIntent(message).fired).toBe(false));
});

describe('highValue', () => {
  it('fires for a verified enterprise plan or high value tier', () => {
    expect(highValue({ verified: true, plan: 'enterprise' }).fired).toBe(true);
    expect(highValue({ verified: true, plan: 'team', valueTier: 'high' }).fired).toBe(true);
  });
  it('never trusts an unverified claim', () => {
    expect(highValue({ verified: false, plan: 'enterprise', valueTier: 'enterprise' }).fired).toBe(false);
    expect(highValue(undefined).fired).toBe(false);
    expect(highValue({ verified: true, plan: 'team', valueTier: 'standard' }).fired).toBe(false);
  });
});

describe('complexIssue', () => {
  it('fires on an account-specific issue that needs investigation', () => {
    const signal = complexIssue('Since yesterday our org\'s runs are missing from the dashboard, run #48213 too.');
    expect(signal.fired).toBe(true);
    expect(signal.detail).toContain('account-specific');
  });
  it('fires on a multi-part account question', () => {
    expect(complexIssue('Why does my invoice show 40 seats? Also, why did usage jump? And can you fix it?').fired).toBe(true);
  });
  it('stays quiet on a single docs question, even one that mentions a bug', () => {
    expect(complexIssue('Is there a known bug with cy.origin in Firefox?').fired).toBe(false);
    expect(complexIssue('Where can I download my invoices?').fired).toBe(false);
  });
});

describe('loop', () => {
  const history = [turn('visitor', 'How do I keep cookies between tests?', 5), turn('assistant', 'Use cy.session [1].', 4)];
  it('fires when an answered question comes back reworded', () => {
    expect(loop('so how do I stop cypress clearing cookies between tests', history).fired).toBe(true);
  });
  it('ignores a follow-up that only shares the topic', () => {
    expect(loop('Thanks! How do I set cookies for a different domain in cy.origin?', history).fired).toBe(false);
  });
  it('ignores a repeat of a question that never got an answer', () => {
    expect(loop('How do I keep cookies between tests?', [turn('visitor', 'How do I keep cookies between tests?')]).fired).toBe(false);
  });
});

describe('longConversation', () => {
  it('fires beyond the turn or minute threshold', () => {
    const many = Array.from({ length: 9 }, (_, index) => turn('visitor', `question ${index}`, 9 - index));
    expect(longConversation(many, now, 8, 20).fired).toBe(true);
    expect(longConversation([turn('visitor', 'hi', 30)], now, 8, 20).detail).toBe('30 minutes');
  });
  it('stays quiet for a short recent conversation and restarts after a human replied', () => {
    expect(longConversation([turn('visitor', 'hi', 2)], now).fired).toBe(false);
    const handled = [turn('visitor', 'old', 60), turn('agent', 'Hi, Sam here', 3)];
    expect(longConversation(handled, now).fired).toBe(false);
  });
});

describe('explicitHumanRequest', () => {
  it.each([
    'I want to talk to a real person',
    'agent',
    'Live agent please',
    'Can I speak to someone?',
    'Connect me with a human',
    'Get me a representative.',
    'How do I talk to support?',
    'Can I call you?',
    'Is there a phone number?',
    'Ich möchte mit einem Mitarbeiter sprechen',
    'Je veux parler à un humain',
    'Quiero hablar con una persona',
    'Is anyone there? I need a person, not a bot',
    'Can I get someone on the phone?',
    'I need to speak with your billing department',
    'Kann ich mit jemandem sprechen?',
    'can you escalate?',
  ])('fires on %s', (message) => expect(explicitHumanRequest(message).fired).toBe(true));

  it.each([
    'How do I set the user agent string?',
    'We do agent-based testing on Jenkins agents.',
    'Does UI Coverage catch what the human eye misses?',
    'The Cypress agent in CI runs out of memory.',
    'How do I log in as an agent with cy.session?',
    "How do I click the 'Talk to a human' button in my test?",
    'Can I call a Node function from my test?',
    'Is a human-readable reporter available?',
    'We need a representative sample of specs.',
  ])('ignores %s', (message) => expect(explicitHumanRequest(message).fired).toBe(false));
});

describe('noAiTopic', () => {
  it.each([
    ['I want a refund for last month', 'refund'],
    ['What is your refund policy?', 'refund'],
    ['We were charged twice this month', 'billing-dispute'],
    ['We will file a chargeback', 'billing-dispute'],
    ['Please stop charging my card', 'billing-dispute'],
    ['Our lawyer will contact you', 'legal'],
    ['Delete my data please', 'privacy'],
    ['I invoke my right to be forgotten', 'privacy'],
    ['Our account was hacked', 'security'],
    ['I found a vulnerability in your dashboard', 'security'],
    ['Who should get the details of a stored XSS in your run view?', 'security'],
    ['Our pentest vendor flagged two issues in Cypress Cloud', 'security'],
    ['I would like to report this responsibly before anything is published', 'security'],
    ['Where do I send a vulnerability report?', 'security'],
    ["J'ai trouvé une faille de sécurité dans votre tableau de bord", 'security'],
    ['Ich habe eine Sicherheitslücke in Cypress Cloud gefunden', 'security'],
    ['Ho trovato una vulnerabilità nel vostro sito, a chi la segnalo?', 'security'],
    ['Can you waive the overage fee?', 'policy-exception'],
    ['Can you extend our trial?', 'policy-exception'],
  ])('%s is %s', (message, topic) => {
    const signal = noAiTopic(message);
    expect(signal.fired).toBe(true);
    expect(signal.detail).toContain(topic);
  });

  it.each([
    'How do I stub the /api/refunds response with cy.intercept?',
    'How do I test that a shopper can request a refund in our app?',
    'Can Cypress check our GDPR consent banner?',
    'How do I delete a test?',
    'How do I make an exception for one failing assertion in my test?',
    'I get a security error when visiting another origin',
    'How do I test for XSS vulnerabilities?',
    'How do I check that my app blocks an open redirect?',
    'Do you run a bug bounty?',
    'Where is your vulnerability disclosure policy published?',
    'Can you send me your latest pentest report for our vendor review?',
  ])('ignores %s', (message) => expect(noAiTopic(message).fired).toBe(false));

  it('still fires in a testing context when the visitor speaks of their own money', () => {
    expect(noAiTopic('My tests never ran, I want a refund for our subscription').fired).toBe(true);
  });

  it('only checks the configured topics', () => {
    expect(noAiTopic('I want a refund', ['security']).fired).toBe(false);
  });
});
