/**
 * Personal data out of text that will be kept as knowledge (resolved tickets):
 * email addresses, card-like numbers and phone numbers become placeholders.
 * Card numbers go first, so a 16-digit card is not mistaken for a phone.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** 13–19 digits, optionally grouped by spaces or dashes: every card scheme's length. */
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
/** A run of digits with phone punctuation, 7–15 digits in all (E.164), optionally with a leading +. */
const PHONE = /(?:\+|\(|\b)\d[\d ().-]{5,}\d\b/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function digits(text: string): number {
  return text.replace(/\D/g, '').length;
}

/**
 * @example
 * redactPersonalData('Mail ada@example.com or call +44 20 7946 0958') // 'Mail [email] or call [phone]'
 */
export function redactPersonalData(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD, (match) => (digits(match) >= 13 ? '[card number]' : match))
    .replace(PHONE, (match) => {
      const count = digits(match);
      if (count < 7 || count > 15 || ISO_DATE.test(match.trim())) return match;
      // Versions and times (1.2.3, 10:30) have too few digits; a bare 7+ digit run needs a + or separators to be a phone.
      if (!/[+ ().-]/.test(match) && count < 9) return match;
      return '[phone]';
    });
}
