import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryPort, DeliveryResult } from "../../src/core/delivery.js";
import { silentLogger } from "../../src/core/log.js";
import { countedDelivery, METRICS } from "../../src/core/metrics.js";
import { startOpsServer, type OpsServer } from "../../src/ops/http.js";
import { createPrometheusMetrics } from "../../src/ops/prometheus.js";
import { Readiness } from "../../src/ops/readiness.js";

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(readiness = new Readiness()) {
  const metrics = createPrometheusMetrics();
  server = await startOpsServer({ port: 0, host: "127.0.0.1", registry: metrics.registry, readiness, log: silentLogger });
  const base = `http://127.0.0.1:${server.address().port}`;
  return { metrics, get: (path: string) => fetch(base + path) };
}

describe("the health and metrics listener", () => {
  it("answers /healthz while the process runs", async () => {
    const { get } = await serve();
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("reports not ready until every expected part has a passing check, naming each part", async () => {
    const readiness = new Readiness();
    readiness.expect("store");
    readiness.set("library", () => true);
    const { get } = await serve(readiness);
    let res = await get("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, checks: { store: false, library: true } });

    readiness.set("store", async () => true);
    res = await get("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, checks: { store: true, library: true } });
  });

  it("turns /readyz red when a check throws", async () => {
    const readiness = new Readiness();
    readiness.set("store", () => Promise.reject(new Error("connection lost")));
    const { get } = await serve(readiness);
    const res = await get("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, checks: { store: false } });
  });

  it("exports every declared metric with the herald_ prefix, and process metrics too", async () => {
    const { get } = await serve();
    const res = await get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    for (const name of Object.keys(METRICS)) expect(text).toContain(`# TYPE herald_${name} `);
    expect(text).toContain("herald_process_resident_memory_bytes");
    const names = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!);
    expect(names.filter((n) => !n.startsWith("herald_"))).toEqual([]);
  });

  it("reads gauges at scrape time", async () => {
    const { metrics, get } = await serve();
    let depth = 3;
    metrics.gauge("outbox_depth", () => depth);
    expect(await (await get("/metrics")).text()).toMatch(/^herald_outbox_depth 3$/m);
    depth = 0;
    expect(await (await get("/metrics")).text()).toMatch(/^herald_outbox_depth 0$/m);
  });

  it("serves nothing else", async () => {
    const { get } = await serve();
    expect((await get("/")).status).toBe(404);
    expect((await get("/metrics/../etc/passwd")).status).toBe(404);
  });

  it("stops start-up with a clear message when the port is taken", async () => {
    const { metrics } = await serve();
    const taken = server!.address().port;
    await expect(
      startOpsServer({ port: taken, host: "127.0.0.1", registry: metrics.registry, readiness: new Readiness(), log: silentLogger }),
    ).rejects.toThrow(`http.port: cannot listen on 127.0.0.1:${taken}`);
  });
});

describe("delivery counting", () => {
  it("counts each send by platform and result, and the 429s among the retries", async () => {
    const results: DeliveryResult[] = [
      { status: "sent" },
      { status: "sent" },
      { status: "retry", afterMs: 1000, reason: "429: Too Many Requests: retry after 1" },
      { status: "retry", afterMs: 1000, reason: "502: Bad Gateway" },
      { status: "gone", reason: "403: Forbidden: bot was blocked by the user" },
      { status: "failed", reason: "400: Bad Request" },
    ];
    const port: DeliveryPort = { platform: "telegram", send: async () => results.shift()! };
    const metrics = createPrometheusMetrics();
    const counted = countedDelivery(port, metrics);
    for (let i = 0; i < 6; i++) await counted.send("1", { blocks: [{ text: "x" }] });
    const text = await metrics.registry.metrics();
    expect(text).toContain('herald_deliveries_total{platform="telegram",result="sent"} 2');
    expect(text).toContain('herald_deliveries_total{platform="telegram",result="retried"} 2');
    expect(text).toContain('herald_deliveries_total{platform="telegram",result="gone"} 1');
    expect(text).toContain('herald_deliveries_total{platform="telegram",result="failed"} 1');
    expect(text).toContain('herald_rate_limited_total{platform="telegram"} 1');
  });

  it("counts deliveries without bypassing the outbox's pace", async () => {
    const paced: string[] = [];
    const port: DeliveryPort = {
      platform: "telegram",
      async send(chatId, _reply, pace) {
        await pace?.();
        paced.push(chatId);
        return { status: "sent" };
      },
    };
    let turns = 0;
    await countedDelivery(port, createPrometheusMetrics()).send("7", { blocks: [{ text: "x" }] }, async () => void turns++);
    expect([paced, turns]).toEqual([["7"], 1]);
  });
});
