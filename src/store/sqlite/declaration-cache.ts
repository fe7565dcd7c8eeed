/**
 * Pipeline declarations as stored JSON text, by pipeline incarnation and version, so a step does
 * not read (possibly large) declarations it has read before.
 *
 * Why it never goes stale: a stored version is immutable, and the cache key is the pipeline's
 * incarnation id (`pipelines.id`, AUTOINCREMENT, never reused) rather than its name, so a pipeline
 * that another process deleted and created again under the same name never meets these entries.
 * Entries are added only for rows that are committed (read from the database, or written by a
 * transaction that has committed). deletePipeline evicts the pipeline's entries to free memory.
 *
 * The cache holds text, not objects: each step parses its own copy, which it may mutate or keep.
 */

/** Default number of declarations kept; least recently used ones are dropped beyond it. */
export const DECLARATION_CACHE_CAPACITY = 512;

export class DeclarationCache {
  readonly #capacity: number;
  /** Insertion order is recency order: `get` moves a hit to the end. */
  readonly #entries = new Map<string, string>();

  constructor(capacity = DECLARATION_CACHE_CAPACITY) {
    this.#capacity = capacity;
  }

  get(pipelineId: number, version: number): string | undefined {
    const key = cacheKey(pipelineId, version);
    const text = this.#entries.get(key);
    if (text !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, text);
    }
    return text;
  }

  set(pipelineId: number, version: number, text: string): void {
    const key = cacheKey(pipelineId, version);
    this.#entries.delete(key);
    this.#entries.set(key, text);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  evictPipeline(pipelineId: number): void {
    const prefix = `${pipelineId}:`;
    for (const key of [...this.#entries.keys()]) {
      if (key.startsWith(prefix)) this.#entries.delete(key);
    }
  }
}

function cacheKey(pipelineId: number, version: number): string {
  return `${pipelineId}:${version}`;
}
