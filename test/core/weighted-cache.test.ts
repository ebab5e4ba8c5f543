import { describe, expect, it } from "vitest";
import { WeightedCache } from "../../src/core/weighted-cache.js";

const textCache = () => new WeightedCache<string, string>(10, (text) => text.length);

describe("a cache bounded by weight", () => {
  it("drops the least recently used values when a new one would take it over its weight", () => {
    const cache = textCache();
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    expect(cache.get("a")).toBe("aaaa"); // now b is the least recently used
    cache.set("c", "ccc");
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["aaaa", undefined, "ccc"]);
    expect(cache.weight).toBe(7);
  });

  it("keeps no value heavier than the whole bound, and replaces a key's value with its new weight", () => {
    const cache = textCache();
    cache.set("a", "aaaa");
    cache.set("big", "x".repeat(11));
    expect([cache.get("big"), cache.get("a")]).toEqual([undefined, "aaaa"]);
    cache.set("a", "aa");
    expect([cache.size, cache.weight]).toEqual([1, 2]);
    cache.delete("a");
    expect([cache.size, cache.weight]).toEqual([0, 0]);
  });
});
