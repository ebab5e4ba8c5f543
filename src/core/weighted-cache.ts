/**
 * A cache bounded by the total weight of what it holds (stories in a snapshot, characters of a text),
 * not by a count: with a feed library of tens of thousands of stories, one value can weigh as much as
 * a thousand small ones. The least recently used values go first.
 */
export class WeightedCache<K, V> {
  private readonly values = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    /** The most the held values may weigh together; a value heavier than this alone is not kept. */
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  get(key: K): V | undefined {
    const held = this.values.get(key);
    if (!held) return undefined;
    // Map order is insertion order: moved to the end, it is the most recently used.
    this.values.delete(key);
    this.values.set(key, held);
    return held.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    for (const [oldest, held] of this.values) {
      if (this.total + weight <= this.maxWeight) break;
      this.values.delete(oldest);
      this.total -= held.weight;
    }
    this.values.set(key, { value, weight });
    this.total += weight;
  }

  delete(key: K): void {
    const held = this.values.get(key);
    if (!held) return;
    this.values.delete(key);
    this.total -= held.weight;
  }

  /** What the held values weigh together. */
  get weight(): number {
    return this.total;
  }

  get size(): number {
    return this.values.size;
  }
}
