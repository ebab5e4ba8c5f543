/**
 * A binary min-heap of keys by time, ties broken by `order` (queue order: first in, first out);
 * callers skip stale entries themselves (lazy deletion).
 */
export class MinHeap {
  private items: { at: number; order: number; key: string }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(at: number, key: string, order = 0): void {
    const items = this.items;
    items.push({ at, order, key });
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  peek(): { at: number; key: string } | undefined {
    return this.items[0];
  }

  pop(): { at: number; key: string } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top && last && items.length) {
      items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[m], items[i]] = [items[i]!, items[m]!];
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }
}

const before = (a: { at: number; order: number }, b: { at: number; order: number }) => a.at < b.at || (a.at === b.at && a.order < b.order);
