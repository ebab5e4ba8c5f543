import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/subscriptions/store.js";

/** The storage contract every backend must pass (memory, SQLite, Redis). */
export function storeContract(name: string, open: () => Promise<Store>, reopen?: (old: Store) => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    it("reads back what was written, as JSON", async () => {
      const subs = store.space("subs");
      await subs.set("telegram:1", { mode: "daily", time: "08:00", nested: { list: [1, 2] } });
      expect(await subs.get("telegram:1")).toEqual({ mode: "daily", time: "08:00", nested: { list: [1, 2] } });
      expect(await subs.get("telegram:missing")).toBeUndefined();
    });

    it("keeps namespaces apart", async () => {
      await store.space("subs").set("same", "a");
      await store.space("outbox").set("same", "b");
      expect(await store.space("subs").get("same")).toBe("a");
      expect(await store.space("outbox").get("same")).toBe("b");
    });

    it("deletes", async () => {
      const outbox = store.space("outbox");
      await outbox.set("gone", 1);
      await outbox.delete("gone");
      expect(await outbox.get("gone")).toBeUndefined();
    });

    it("writes a batch across namespaces: sets, then deletes, a key set twice keeping its last value", async () => {
      await store.space("outbox").set("batch:old", { stale: true });
      await store.batch([
        { space: "outbox", key: "batch:old" },
        { space: "digests", key: "batch:1", value: { localDate: "2026-03-01" } },
        { space: "outbox", key: "batch:2", value: { part: 1 } },
        { space: "outbox", key: "batch:2", value: { part: 2 } },
        { space: "outbox", key: "batch:3", value: "kept" },
        { space: "outbox", key: "batch:missing" },
      ]);
      expect(await store.space("outbox").get("batch:old")).toBeUndefined();
      expect(await store.space("digests").get("batch:1")).toEqual({ localDate: "2026-03-01" });
      expect(await store.space("outbox").get("batch:2")).toEqual({ part: 2 });
      expect(await store.space("outbox").get("batch:3")).toBe("kept");
      expect(await store.space("digests").get("batch:2")).toBeUndefined();
      // A record written with the removal of what it replaces is kept, the removal made.
      await store.batch([
        { space: "outbox", key: "batch:3" },
        { space: "digests", key: "batch:3", value: "recorded" },
      ]);
      expect(await store.space("outbox").get("batch:3")).toBeUndefined();
      expect(await store.space("digests").get("batch:3")).toBe("recorded");
      await store.batch([{ space: "digests", key: "batch:short", value: 1, ttlMs: 30 }]);
      expect(await store.space("digests").get("batch:short")).toBe(1);
      await new Promise((r) => setTimeout(r, 80));
      expect(await store.space("digests").get("batch:short")).toBeUndefined();
      const listed: string[] = [];
      for await (const [key] of store.space("outbox").entries()) if (key.startsWith("batch:")) listed.push(key);
      expect(listed).toEqual(["batch:2"]);
    });

    it("lists every entry of one namespace without its prefix", async () => {
      const health = store.space("health");
      await health.set("discord:1", { failures: 1 });
      await health.set("discord:2", { failures: 2 });
      await store.space("digests").set("discord:3", { other: true });
      const seen: Record<string, unknown> = {};
      for await (const [key, value] of health.entries()) seen[key] = value;
      expect(seen).toEqual({ "discord:1": { failures: 1 }, "discord:2": { failures: 2 } });
    });

    it("forgets a value after its time to live", async () => {
      const digests = store.space("digests");
      await digests.set("short", 1, 30);
      await new Promise((r) => setTimeout(r, 80));
      expect(await digests.get("short")).toBeUndefined();
    });

    it("lets exactly one of many concurrent claims win", async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => store.claim("digest:telegram:1:2026-03-29", 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claim("digest:telegram:1:2026-03-29", 60_000)).toBe(false);
      expect(await store.claim("digest:telegram:1:2026-03-30", 60_000)).toBe(true);
    });

    it("lets a claim be made again once it has expired", async () => {
      expect(await store.claim("lease:x", 30)).toBe(true);
      await new Promise((r) => setTimeout(r, 80));
      expect(await store.claim("lease:x", 30)).toBe(true);
    });

    it("keeps a renewed claim past its first expiry", async () => {
      expect(await store.claim("lease:renewed", 40)).toBe(true);
      await store.renew("lease:renewed", 60_000);
      await new Promise((r) => setTimeout(r, 80));
      expect(await store.claim("lease:renewed", 40)).toBe(false);
    });

    if (reopen) {
      it("keeps values and claims across a reopen", async () => {
        await store.space("subs").set("telegram:persist", { kept: true });
        await store.claim("notice:telegram:persist:v1", 60_000);
        store = await reopen(store);
        expect(await store.space("subs").get("telegram:persist")).toEqual({ kept: true });
        expect(await store.claim("notice:telegram:persist:v1", 60_000)).toBe(false);
      });
    }
  });
}
