import type { RedisLike } from "./store.js";

/** Subscriptions ordered by next digest time, so a tick touches only what is due. */
export interface DueIndex {
  /** Sets (or moves) a chat's next digest time. */
  set(chatKey: string, at: number): Promise<void>;
  remove(chatKey: string): Promise<void>;
  /** Takes out every chat due at or before `now`, earliest first. */
  takeDue(now: number): Promise<{ chatKey: string; at: number }[]>;
  /** The chat's next digest time, when known. */
  peek(chatKey: string): Promise<number | undefined>;
}

/** A binary min-heap with lazy deletion: a popped entry counts only if it still matches `times`. */
export function memoryDueIndex(): DueIndex & { size(): number } {
  const times = new Map<string, number>();
  const heap: { at: number; key: string }[] = [];
  const less = (i: number, j: number) => heap[i]!.at < heap[j]!.at;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const push = (at: number, key: string) => {
    heap.push({ at, key });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(l, m)) m = l;
        if (r < heap.length && less(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
    return top;
  };
  return {
    async set(key, at) {
      if (times.get(key) === at) return;
      times.set(key, at);
      push(at, key);
      // Stale entries pile up when schedules change often; rebuild when they dominate.
      if (heap.length > 2 * times.size + 1024) {
        heap.length = 0;
        for (const [k, t] of times) push(t, k);
      }
    },
    async remove(key) {
      times.delete(key);
    },
    async takeDue(now) {
      const due: { chatKey: string; at: number }[] = [];
      while (heap.length && heap[0]!.at <= now) {
        const { at, key } = pop();
        if (times.get(key) !== at) continue;
        times.delete(key);
        due.push({ chatKey: key, at });
      }
      return due;
    },
    async peek(key) {
      return times.get(key);
    },
    size: () => times.size,
  };
}

/** The same index as a Redis sorted set, shared by every instance. */
export function redisDueIndex(redis: RedisLike, key: string): DueIndex {
  return {
    async set(chatKey, at) {
      await redis.zAdd(key, [{ score: at, value: chatKey }]);
    },
    async remove(chatKey) {
      await redis.zRem(key, chatKey);
    },
    async takeDue(now) {
      const entries = await redis.zRangeByScoreWithScores(key, "-inf", now);
      const due: { chatKey: string; at: number }[] = [];
      for (const { value, score } of entries) {
        // Whoever removes the member owns it, so two ticks never take the same chat.
        if ((await redis.zRem(key, value)) === 1) due.push({ chatKey: value, at: score });
      }
      return due;
    },
    async peek(chatKey) {
      return (await redis.zScore(key, chatKey)) ?? undefined;
    },
  };
}
