import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/core/command.js";
import { runCommand } from "../../src/core/dispatch.js";
import { isHeraldError } from "../../src/core/errors.js";
import { createLogger } from "../../src/core/log.js";
import { loadCommands } from "../../src/core/registry.js";
import type { Services } from "../../src/core/services.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { createStore, STORE_UNAVAILABLE } from "../../src/subscriptions/store.js";
import { startTcpProxy, type TcpProxy } from "../fakes/tcp-proxy.js";
import { FakeLibrary, story } from "../subscriptions/fake-library.js";
import { harness, open } from "../subscriptions/helpers.js";

const dir = mkdtempSync(path.join(tmpdir(), "herald-faults-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a SQLite file that fails", () => {
  it("names a corrupt file at start and says what to do", async () => {
    const file = path.join(dir, "corrupt.sqlite");
    writeFileSync(file, "this is not a database, it is a text file that is long enough to have a header");
    const err = await createStore(`sqlite:${file}`).catch((e: unknown) => e);
    expect(isHeraldError(err)).toBe(true);
    expect((err as Error).message).toMatch(new RegExp(`^store: ${file} is not a readable SQLite database \\(.*\\)\\. Move it aside`));
  });

  it("refuses to confirm a write once its folder was removed, and logs it once", async () => {
    const folder = path.join(dir, "removed");
    const lines: string[] = [];
    const store = await createStore(`sqlite:${path.join(folder, "herald.sqlite")}`, { log: createLogger({ write: (l) => lines.push(l) }) });
    await store.space("subs").set("telegram:1", { ok: true });
    rmSync(folder, { recursive: true, force: true });
    // Found by the periodic check, before any write tries.
    await expect(store.heartbeat(1_000)).rejects.toThrow(STORE_UNAVAILABLE);
    for (let i = 0; i < 3; i++) {
      await expect(store.space("subs").set(`telegram:${i + 2}`, { ok: true })).rejects.toThrow(STORE_UNAVAILABLE);
    }
    const named = lines.filter((l) => l.includes(path.join(folder, "herald.sqlite")));
    expect(named).toHaveLength(1);
    expect(named[0]).toMatch(/ERROR .*herald\.sqlite was removed or replaced while Herald was running/);
    await store.close();
  });

  it("refuses /subscribe as temporarily unavailable, instead of confirming it, when the data folder is gone", async () => {
    const folder = path.join(dir, "gone");
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await open(h, `sqlite:${path.join(folder, "herald.sqlite")}`);
    rmSync(folder, { recursive: true, force: true });
    const services: Services = { ...h.services, commands: await loadCommands(), subscriptions: svc };
    const ctx: CommandContext = { services, chat: { platform: "telegram", id: "7", kind: "private" }, user: { id: "u" }, canManage: async () => true, fromButton: false };
    await expect(runCommand({ command: "subscribe", options: { time: "08:00" } }, ctx)).rejects.toThrow(STORE_UNAVAILABLE);
    expect(h.lines.filter((l) => l.includes("was removed or replaced"))).toHaveLength(1);
    await svc.stop().catch(() => undefined);
  });
});

const redisUrl = process.env.REDIS_URL;
describe.skipIf(!redisUrl)("Redis cut while running (skipped: REDIS_URL is not set)", () => {
  let proxy: TcpProxy | undefined;
  let svc: SubscriptionRuntime | undefined;
  afterEach(async () => {
    await svc?.stop().catch(() => undefined);
    await proxy?.close();
  });

  it("answers \"temporarily unavailable\" within the timeout, warns once, and works again when Redis is back", async () => {
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    h.services.config.reliability.storeTimeoutSeconds = 1;
    svc = await open(h, `redis://${proxy.address}`, { storePrefix: `herald-cut-${process.pid}-${Date.now()}` });
    const chatOf = (id: string) => ({ platform: "telegram" as const, id, kind: "private" as const });
    await svc.subscribe(chatOf("1"), { time: "08:00" });

    proxy.cut();
    for (const id of ["2", "3"]) {
      const started = Date.now();
      const err = await svc.subscribe(chatOf(id), { time: "08:00" }).catch((e: unknown) => e);
      expect((err as Error).message).toBe(STORE_UNAVAILABLE);
      expect(Date.now() - started).toBeLessThan(3_000);
      await expect(svc.get(chatOf("1"))).rejects.toThrow(STORE_UNAVAILABLE);
    }
    expect(h.lines.filter((l) => l.includes("WARN") && l.includes("is not answering"))).toHaveLength(1);

    proxy.restore();
    const end = Date.now() + 10_000;
    for (;;) {
      const view = await svc.get(chatOf("1")).catch(() => undefined);
      if (view) break;
      if (Date.now() > end) throw new Error("Redis did not come back");
      await new Promise((r) => setTimeout(r, 100));
    }
    await svc.subscribe(chatOf("4"), { time: "09:00" });
    expect((await svc.get(chatOf("4")))?.time).toBe("09:00");
    expect(h.lines.some((l) => l.includes("answers again; work resumes"))).toBe(true);
  });
});
