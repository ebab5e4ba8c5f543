import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChatRef, Platform } from "../../src/core/chat.js";
import { loadConfig, type Config } from "../../src/core/config.js";
import type { DeliveryPort, DeliveryResult } from "../../src/core/delivery.js";
import { createLogger, type Logger } from "../../src/core/log.js";
import type { Reply } from "../../src/core/reply.js";
import { createRegistry } from "../../src/core/registry.js";
import type { Services } from "../../src/core/services.js";
import type { Clock } from "../../src/subscriptions/pacer.js";
import { createSubscriptionService, type SubscriptionServiceOptions } from "../../src/subscriptions/service.js";
import type { FakeLibrary } from "./fake-library.js";

/** Lets pending promise chains (and store writes) run. */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
  // SQLite answers from its own thread: give it a moment of real time too.
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 1));
}

/**
 * A clock that only moves when the test says so, firing timers in order. Wall time (`now`) and
 * monotonic time move together, except with `jump`, which moves the wall clock alone.
 */
export class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  /** Monotonic ms since the clock was made. */
  elapsed = 0;
  constructor(public current: number) {}

  now(): number {
    return this.current;
  }

  monotonic(): number {
    return this.elapsed;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.elapsed + Math.max(0, ms), fn, cancelled: false };
    this.timers.push(timer);
    return () => void (timer.cancelled = true);
  }

  async set(iso: string): Promise<void> {
    await this.advance(Date.parse(iso) - this.current);
  }

  /** The wall clock is set forward or back (NTP, an operator); timers and pacing do not see it. */
  jump(ms: number): void {
    this.current += ms;
  }

  async advance(ms: number): Promise<void> {
    if (ms < 0) return this.jump(ms);
    const end = this.elapsed + ms;
    for (;;) {
      await settle();
      this.timers = this.timers.filter((t) => !t.cancelled);
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      if (next.at > this.elapsed) {
        this.current += next.at - this.elapsed;
        this.elapsed = next.at;
      }
      this.timers.splice(this.timers.indexOf(next), 1);
      next.fn();
    }
    this.current += end - this.elapsed;
    this.elapsed = end;
    await settle();
  }
}

export interface Sent {
  chatId: string;
  reply: Reply;
  /** Wall-clock time the request was handed over (after the outbox's pace allowed it). */
  at: number;
}

/** A delivery port that records every send and answers from a script (default: sent). */
export class RecordingPort implements DeliveryPort {
  readonly sent: Sent[] = [];
  readonly attempts: Sent[] = [];
  answer: (chatId: string, reply: Reply) => DeliveryResult | Promise<DeliveryResult> = () => ({ status: "sent" });

  constructor(
    readonly platform: Platform,
    private readonly clock: Clock,
  ) {}

  async send(chatId: string, reply: Reply, pace?: () => Promise<void>): Promise<DeliveryResult> {
    await pace?.();
    const record = { chatId, reply, at: this.clock.now() };
    this.attempts.push(record);
    const result = await this.answer(chatId, reply);
    if (result.status === "sent") this.sent.push(record);
    return result;
  }
}

export const chat = (id: string, kind: ChatRef["kind"] = "group", platform: Platform = "telegram"): ChatRef => ({ platform, id, kind });

export function testConfig(overrides: Partial<Config["digest"]> = {}): Config {
  const config = loadConfig({});
  return { ...config, store: "memory", digest: { ...config.digest, ...overrides } };
}

export interface Harness {
  clock: FakeClock;
  port: RecordingPort;
  lines: string[];
  log: Logger;
  services: Omit<Services, "subscriptions">;
}

export function harness(library: FakeLibrary, startIso: string, config = testConfig()): Harness {
  const clock = new FakeClock(Date.parse(startIso));
  const lines: string[] = [];
  const log = createLogger({ level: "debug", write: (line) => lines.push(line) });
  return {
    clock,
    lines,
    log,
    port: new RecordingPort("telegram", clock),
    services: { config, library, commands: createRegistry([]), log, now: () => new Date(clock.now()) },
  };
}

export function open(h: Harness, storeUrl = "memory", extra: Partial<SubscriptionServiceOptions> = {}) {
  return createSubscriptionService({ services: h.services, storeUrl, deliveries: [h.port], clock: h.clock, log: h.log, ...extra });
}

export const textOf = (reply: Reply): string =>
  [reply.title ?? "", ...reply.blocks.map((b) => `${b.heading ?? ""}\n${b.text}`), reply.footer ?? ""].join("\n");

/** Waits (in real time, for network stores) until `check` passes, or rethrows its last failure. */
export async function eventually(check: () => void, timeoutMs = 3_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Fresh SQLite store URLs in one temporary folder; call `remove` after the file's tests. */
export function sqliteFiles(name: string): { url: () => string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `herald-${name}-`));
  let n = 0;
  return { url: () => `sqlite:${path.join(dir, `herald-${++n}.sqlite`)}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
