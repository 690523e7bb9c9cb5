/**
 * Retriever over the embedded MiniSearch index: no network, no vendor, fast
 * enough to run on every question inside the worker. The ranking is
 * `retrieval/ranker.ts`; this adapter hands the thread back between its steps.
 */
import type { Retriever, SearchQuery } from '../ports';
import { Ranker, type LocalSearchHit, type RankerOptions } from '../retrieval/ranker';

export type { LocalSearchHit } from '../retrieval/ranker';
export type LocalRetrieverOptions = RankerOptions;

/**
 * Searches the local docs index (and the tickets index, when one is given); see `Ranker` for what the score means.
 *
 * @example
 * const retriever = new LocalRetriever({ docs: loadIndex(await (await env.ASSETS.fetch(url)).json()) });
 * const hits = await retriever.search({ text: 'How do I install it?', collection: 'docs', topK: 5, product: 'app' });
 */
export class LocalRetriever implements Retriever {
  readonly #ranker: Ranker;

  constructor(options: LocalRetrieverOptions) {
    this.#ranker = new Ranker(options);
  }

  async search(query: SearchQuery): Promise<LocalSearchHit[]> {
    const steps = this.#ranker.steps(query);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      // A step that waits for chunk texts hands the thread back while they are read.
      await (step.value ?? pause());
      query.signal?.throwIfAborted();
    }
  }

  /**
   * The same as `search` in one go, without handing the thread back between steps; for an index
   * whose texts are in memory or read at once. Throws when a step would wait for texts.
   */
  searchSync(query: SearchQuery): LocalSearchHit[] {
    const steps = this.#ranker.steps(query);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (step.value) throw new Error('searchSync: the index reads chunk texts asynchronously; use search().');
    }
  }
}

/** Hands the thread back for one turn of the event loop, so other requests' work (a stream's first event) goes first. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

