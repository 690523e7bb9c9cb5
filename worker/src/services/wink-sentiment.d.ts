/** wink-sentiment 5 ships no types; this is the part of its API we use. */
declare module 'wink-sentiment' {
  interface SentimentResult {
    /** Sum of AFINN-165 scores of the words, emojis and emoticons. */
    score: number;
    /** Score averaged over scored words and adjusted for length, -5..5. */
    normalizedScore: number;
  }
  function sentiment(phrase: string): SentimentResult;
  export default sentiment;
}
