/**
 * The "talk to a human" form, its submit and its confirmation: a chunk of its own
 * (dist/widget-handoff.<lang>.js) that the panel fetches when it first opens, on
 * hover or focus of the human control, or on the click. Only visitors who ask for
 * a person use it; models/handoff-part.ts keeps the human path working without it.
 */
import { HandoffCard } from './components/HandoffCard';
import type { Strings } from './i18n';
import { formStrings, type HandoffStrings } from './i18n-handoff';
import { createHandoffModel, type HandoffModel } from './models/handoff-model';

export { createHandoffModel, formStrings, HandoffCard };

/** The loaded part: its model (one per panel), its view, and the strings the view speaks. */
export interface HandoffPart {
  model: HandoffModel;
  HandoffCard: typeof HandoffCard;
  t: Strings & HandoffStrings;
}
