import { describe, expect, it } from 'vitest';
import { findHumanRequest } from './human-request';

describe('findHumanRequest: a person asked for without "human" or "agent"', () => {
  // Phrasings from the training sets' person requests (e-059, a-109, h-149, aj-067, f-052, d-098, …).
  it.each([
    'please just pass me to your support team, I have an invoice question',
    'get me support',
    'Is anyone actually monitoring this, or is it just you?',
    'is there a real inbox i can email',
    'can someone from your side look at why our SSO enforcement locked out our contractors?',
    'refreshed, right org, still says Free. please have someone look',
    'i want to speak with whoever handles enterprise renewals',
    'Could one of your support engineers jump on a call with us?',
    "i'd prefer an actual staff member tbh",
    'Bitte an den Kundenservice weiterleiten, es geht um unser SSO-Setup.',
    'Kann mich bitte jemand aus Ihrem Team zurückrufen?',
    "Est-ce que quelqu'un de chez vous peut me rappeler ?",
    'pouvez-vous me mettre en relation avec votre service commercial ?',
    'hay alguien ahí? necesito ayuda de verdad',
    'Necesito que alguien de su equipo revise la configuración de nuestra organización',
    'Posso parlare con qualcuno del commerciale?',
  ])('%s', (message) => {
    expect(findHumanRequest(message)).not.toEqual([]);
  });
});

describe('findHumanRequest: no person asked for', () => {
  it.each([
    'can I switch us down to Team myself from the billing page or do I have to contact someone?',
    'what roles exist in cypress cloud, i want someone to see runs but not change billing',
    'Please pass this to the product team: Cypress Studio records brittle selectors',
    '¿Puede un agente de IA escribir tests de Cypress para los elementos sin cobertura?',
    'how do I hand this spec over to a teammate in another project?',
    'the user agent string in CI is wrong',
  ])('%s', (message) => {
    expect(findHumanRequest(message)).toEqual([]);
  });
});
