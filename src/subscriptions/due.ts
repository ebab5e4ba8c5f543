import { MinHeap } from "./heap.js";
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

/** In-process index: a min-heap with lazy deletion; a popped entry counts only if it still matches `times`. */
export function memoryDueIndex(): DueIndex & { size(): number } {
  const times = new Map<string, number>();
  const heap = new MinHeap();
  return {
    async set(key, at) {
      if (times.get(key) === at) return;
      times.set(key, at);
      heap.push(at, key);
      // Stale entries pile up when schedules change often; rebuild when they dominate.
      if (heap.size > 2 * times.size + 1024) {
        heap.clear();
        for (const [k, t] of times) heap.push(t, k);
      }
    },
    async remove(key) {
      times.delete(key);
    },
    async takeDue(now) {
      const due: { chatKey: string; at: number }[] = [];
      for (let top = heap.peek(); top && top.at <= now; top = heap.peek()) {
        heap.pop();
        if (times.get(top.key) !== top.at) continue;
        times.delete(top.key);
        due.push({ chatKey: top.key, at: top.at });
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
