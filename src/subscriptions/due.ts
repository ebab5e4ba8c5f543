import { MinHeap } from "./heap.js";
import type { RedisLike, Store } from "./store.js";

/** Subscriptions ordered by next digest time, so a tick touches only what is due. */
export interface DueIndex {
  /** Sets (or moves) a chat's next digest time. */
  set(chatKey: string, at: number): Promise<void>;
  remove(chatKey: string): Promise<void>;
  /**
   * Takes every chat due at or before `now`, earliest first, for this instance to handle. A shared index
   * keeps each chat in place (leased to this instance) until `set` moves it to its next slot, so a chat
   * taken by an instance that dies is taken again by another.
   */
  takeDue(now: number): Promise<{ chatKey: string; at: number }[]>;
  /** Hands a taken chat back (done with, or to be retried by whoever ticks next). */
  release(chatKey: string): Promise<void>;
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
    async release() {},
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

/**
 * The same index as a Redis sorted set, shared by every instance. A due chat stays in the set until its
 * digest is in the outbox; a lease (held while the taker's heartbeat lives) keeps two instances apart.
 */
export function redisDueIndex(redis: RedisLike, key: string, store: Pick<Store, "lease" | "unlease">): DueIndex {
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
      for (const { value } of entries) {
        if (!(await store.lease(`due:${value}`))) continue;
        // Another instance may have finished it between the listing and the lease.
        const current = await redis.zScore(key, value);
        if (current !== null && current <= now) due.push({ chatKey: value, at: current });
        else await store.unlease(`due:${value}`);
      }
      return due;
    },
    async release(chatKey) {
      await store.unlease(`due:${chatKey}`);
    },
    async peek(chatKey) {
      return (await redis.zScore(key, chatKey)) ?? undefined;
    },
  };
}
