import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/subscriptions/group-commit.js";
import type { StoreWrite } from "../../src/subscriptions/store.js";
import { FakeClock, settle } from "./helpers.js";

/** A store whose batches are recorded and finish when the test says. */
function heldStore() {
  const batches: { keys: string[]; finish(err?: Error): void }[] = [];
  return {
    batches,
    batch: (writes: readonly StoreWrite[]) => {
      if (writes.some((w) => w.key === "throws")) throw new Error("refused at once");
      return new Promise<void>((resolve, reject) => batches.push({ keys: writes.map((w) => w.key), finish: (err) => (err ? reject(err) : resolve()) }));
    },
  };
}

const set = (key: string): StoreWrite => ({ space: "outbox", key, value: key });

describe("group commit", () => {
  it("gathers the writes asked for while a batch is written into the next one, never two batches at once", async () => {
    const store = heldStore();
    const commit = new GroupCommit(store, new FakeClock(0));
    const done: string[] = [];
    const first = commit.write([set("a")]).then(() => done.push("a"));
    await settle(2);
    expect(store.batches.map((b) => b.keys)).toEqual([["a"]]);
    const later = ["b", "c", "d"].map((key) => commit.write([set(key)]).then(() => done.push(key)));
    await settle(2);
    // b, c and d wait for a's batch to be kept.
    expect(store.batches).toHaveLength(1);
    store.batches[0]!.finish();
    await first;
    await settle(2);
    expect(store.batches.map((b) => b.keys)).toEqual([["a"], ["b", "c", "d"]]);
    expect(done).toEqual(["a"]);
    store.batches[1]!.finish();
    await Promise.all(later);
    expect(done).toEqual(["a", "b", "c", "d"]);
  });

  it("holds a write up to its window for others to join, and writes at once when flushed", async () => {
    const store = heldStore();
    const clock = new FakeClock(0);
    const commit = new GroupCommit(store, clock);
    const written = [commit.write([set("r1")], 20)];
    await clock.advance(10);
    written.push(commit.write([set("r2")], 20));
    await clock.advance(5);
    expect(store.batches).toHaveLength(0);
    await clock.advance(5);
    expect(store.batches.map((b) => b.keys)).toEqual([["r1", "r2"]]);
    store.batches[0]!.finish();
    await Promise.all(written);
    const held = commit.write([set("r3")], 20);
    commit.flush();
    await settle(2);
    expect(store.batches.map((b) => b.keys)).toEqual([["r1", "r2"], ["r3"]]);
    store.batches[1]!.finish();
    await held;
  });

  it("rejects the writes of a batch that fails, whether at once or later, and goes on with the next", async () => {
    const store = heldStore();
    const commit = new GroupCommit(store, new FakeClock(0));
    await expect(commit.write([set("throws")])).rejects.toThrow("refused at once");
    const failing = commit.write([set("x")]);
    await settle(2);
    store.batches[0]!.finish(new Error("disk full"));
    await expect(failing).rejects.toThrow("disk full");
    const next = commit.write([set("y")]);
    await settle(2);
    store.batches[1]!.finish();
    await expect(next).resolves.toBeUndefined();
  });

  it("starts a new batch once one holds its most writes", async () => {
    const store = heldStore();
    const commit = new GroupCommit(store, new FakeClock(0), 2);
    const all = ["a", "b", "c", "d", "e"].map((key) => commit.write([set(key)]));
    await settle(2);
    expect(store.batches.map((b) => b.keys)).toEqual([["a", "b"]]);
    for (let i = 0; i < 3; i++) {
      store.batches[i]!.finish();
      await settle(2);
    }
    await Promise.all(all);
    expect(store.batches.map((b) => b.keys)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });
});
