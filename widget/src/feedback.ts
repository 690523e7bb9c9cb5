/**
 * Ratings and the end-of-conversation CSAT: a chunk of its own (dist/widget-feedback.<lang>.js)
 * that the panel loads on a visitor's first 👍/👎, or when the survey is due. Most visitors never rate.
 */
import type { Signal } from '@preact/signals-core';
import { Reasons, survey } from './components/Feedback';
import { createFeedbackModel, type FeedbackModel } from './models/feedback-model';

export { createFeedbackModel, Reasons, survey };

/** The loaded part: its model (one per panel) and its two views. */
export interface FeedbackPart {
  model: FeedbackModel;
  Reasons: typeof Reasons;
  survey: typeof survey;
}

/** What the panel holds before and after the part loads. */
export interface Feedback {
  /** Undefined until the part has loaded. */
  part: Signal<FeedbackPart | undefined>;
  /** Loads the part if need be, then acts on its model; a part that cannot load leaves the chat as it is. */
  use(action: (model: FeedbackModel) => void): void;
}
