/**
 * A message that is only a greeting ("hi", "bonjour") or only thanks ("thanks, that worked!") is
 * not a question: searching the docs for it quoted unrelated pages, or said "not sure" to a hello.
 * The assistant answers it in a line, with no retrieval and no model call.
 *
 * @example
 * smallTalk('Hi there!')            // 'greeting'
 * smallTalk('thanks, that worked')  // 'thanks'
 * smallTalk('hi, how do I export?') // undefined: a question comes with it
 */
import { isConfirmation } from './outcomes';

const GREETING =
  /^(?:hi|hii+|hello|hey|heya|hiya|howdy|yo|good (?:morning|afternoon|evening|day)|hallo|guten (?:morgen|tag|abend)|servus|moin|bonjour|bonsoir|salut|coucou|hola|buenos d[ií]as|buenas(?: tardes| noches)?|مرحبا|مرحبًا|أهلا|أهلًا|السلام عليكم)(?: there| all| team| everyone)?$/u;
const THANKS = /^(?:(?:ok|okay|great|perfect|cool|awesome|nice|super) )?(?:(?:many )?(?:thanks|thank you|thx|ty|cheers)(?: (?:a lot|so much|very much))?|danke(?: schön| sehr)?|vielen dank|merci(?: beaucoup)?|gracias|muchas gracias|شكرا|شكرًا|شكرا جزيلا)$/u;

export type SmallTalk = 'greeting' | 'thanks';

export function smallTalk(text: string): SmallTalk | undefined {
  const plain = text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (!plain || plain.length > 80) return undefined;
  if (GREETING.test(plain)) return 'greeting';
  if (THANKS.test(plain) || isConfirmation(text)) return 'thanks';
  return undefined;
}
