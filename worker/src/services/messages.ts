/** What the assistant says when it does not answer from the docs. Honest, short, and always pointing at a person. */
export const MESSAGES = {
  notSure:
    "I'm not sure: I couldn't find this in our docs, and I'd rather not guess. A person from our team can help — use “Talk to a human” and they'll see this conversation.",
  retrievalDown:
    "I can't search our docs right now, so I can't give you a reliable answer. A person from our team can help — use “Talk to a human” and they'll see this conversation.",
  modelDown: "Our AI assistant is unavailable right now, so I can't write an answer.",
  modelDiedMidAnswer: 'The answer was cut off because the AI service stopped responding. What arrived is kept above; a person can pick it up from here.',
  humanRequested: "Of course — let's get you to a person. Leave your details and someone from our team will continue this conversation, with everything you've written so far.",
  noAiTopic:
    "This is something a person from our team should handle, so I won't answer it myself. Leave your details and they'll continue this conversation, with everything you've written so far.",
  escalated:
    "I think a person from our team will help you better here. Leave your details and they'll continue this conversation, with everything you've written so far.",
  rateLimited: "You're sending messages faster than I can answer. Please wait a moment — or talk to a human, which always works.",
} as const;
