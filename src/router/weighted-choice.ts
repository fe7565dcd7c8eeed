/**
 * Smooth weighted round-robin (nginx's algorithm): each pick adds every eligible item's weight to
 * its running score, takes the highest score and subtracts the eligible total from it. Over any
 * run of `total` picks each item is chosen exactly `weight` times, interleaved rather than in
 * bursts (weights 3:1 give a a b a, not a a a b), and the sequence is deterministic, so a split
 * can be tested exactly. Items with weight 0, or that `eligible` rejects, are never chosen.
 */
export class SmoothWeighted<T> {
  readonly #items: { item: T; weight: number; score: number }[];

  constructor(items: readonly { item: T; weight: number }[]) {
    this.#items = items.map((i) => ({ ...i, score: 0 }));
  }

  next(eligible: (item: T) => boolean = () => true): T | undefined {
    let total = 0;
    let best: { item: T; weight: number; score: number } | undefined;
    for (const entry of this.#items) {
      if (entry.weight <= 0 || !eligible(entry.item)) continue;
      entry.score += entry.weight;
      total += entry.weight;
      if (!best || entry.score > best.score) best = entry;
    }
    if (!best) return undefined;
    best.score -= total;
    return best.item;
  }
}
