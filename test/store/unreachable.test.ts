import { describe, expect, it } from "vitest";
import { createStore, displayStoreUrl, STORE_CONNECT_TIMEOUT_MS } from "../../src/subscriptions/store.js";
import { freePort } from "../helpers/process.js";

describe("a store that cannot be reached at start-up", () => {
  it("gives up within 10 s, naming the URL and what failed", async () => {
    expect(STORE_CONNECT_TIMEOUT_MS).toBeLessThan(10_000);
    const port = await freePort();
    const started = Date.now();
    const error = await createStore(`redis://127.0.0.1:${port}`).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toMatchObject({ code: "store_unreachable" });
    expect((error as Error).message).toBe(
      `store: cannot reach redis://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}; gave up after 5 s)`,
    );
  });

  it("never shows the password of a store URL", () => {
    expect(displayStoreUrl("redis://:s3cret-pass@redis.internal:6379/0")).toBe("redis://:***@redis.internal:6379/0");
    expect(displayStoreUrl("rediss://herald:s3cret-pass@redis.internal:6380")).toBe("rediss://herald:***@redis.internal:6380");
    expect(displayStoreUrl("sqlite:data/herald.sqlite")).toBe("sqlite:data/herald.sqlite");
  });
});
