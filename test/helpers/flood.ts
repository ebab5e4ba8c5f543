import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCore } from "../../src/app.js";
import { chatKey, type ChatRef } from "../../src/core/chat.js";
import { createLogger } from "../../src/core/log.js";
import { systemClock } from "../../src/subscriptions/pacer.js";
import { createSubscriptionService } from "../../src/subscriptions/service.js";
import { RecordingPort, testConfig, type Sent } from "../subscriptions/helpers.js";

/**
 * A flood of story files (a bulk import, a restored backup) written at once into the watched stories
 * folder of the real core (folder watcher, coverage grouping) and a subscription service on the system
 * clock, with chats that follow update notices. Shared by test/subscriptions/flood.test.ts and bench/flood.ts.
 */

/** A short report of its own: a made-up place and person per file, so coverage groups none of them together. */
export function floodDocument(i: number): string {
  const name = `Varnholt${i.toString(36)}`;
  return [
    `${name} harbour reopens after the storm ${i}`,
    "",
    `By Reporter ${i}`,
    "",
    `The harbour of ${name} reopened on Monday, its mayor ${name}sson said, after a storm closed it for a week.`,
    `Ships waiting off ${name} began to unload their cargo, according to the port authority.`,
    "",
  ].join("\n");
}

export interface FloodChat {
  chat: ChatRef;
  /** Follows only stories whose words include this (a topic subscription). */
  topic?: string;
}

export interface FloodResult {
  /** Messages sent to each chat (by chat key). */
  sent: Map<string, Sent[]>;
  /** Log lines of the library during the flood. */
  libraryLines: string[];
  /** Every log line. */
  lines: string[];
  /** Stories in the library after the flood, and before it. */
  stories: { before: number; after: number };
  /** Wall time from the first file written until the last chat's notice was handed to the platform (ms). */
  noticedMs: number;
  /** Wall time to write the files (ms). */
  writtenMs: number;
  /** Wall time from the first file written until the library listed every new story (ms). */
  readMs: number;
}

/**
 * Writes `files` story files at once into a watched folder holding one story, and waits until every
 * chat has a notice and nothing more arrived for `quietMs` (or `deadlineMs` passed).
 */
export async function runFlood(options: { files: number; chats: FloodChat[]; noticeSettleSeconds: number; quietMs: number; deadlineMs: number }): Promise<FloodResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "herald-flood-"));
  const seeds = path.join(dir, "stories");
  await mkdir(seeds);
  await writeFile(path.join(seeds, "first.txt"), floodDocument(options.files));
  const lines: string[] = [];
  const log = createLogger({ level: "info", write: (line) => lines.push(line) });
  const config = testConfig();
  config.seedsDir = seeds;
  config.reliability.noticeSettleSeconds = options.noticeSettleSeconds;
  const core = await createCore(config, { log });
  const port = new RecordingPort("telegram", systemClock);
  const svc = await createSubscriptionService({ services: core.services, storeUrl: "memory", deliveries: [port], clock: systemClock, log });
  let result: Omit<FloodResult, "lines" | "libraryLines"> & { mark: number };
  try {
    await svc.start();
    for (const { chat, topic } of options.chats) await svc.subscribe(chat, { mode: "updates", ...(topic ? { topic } : {}) });
    const before = core.services.library.list().length;
    const startedAt = performance.now();
    const mark = lines.length;
    // At once: many writes in flight, as a copy or an unpacked archive does.
    const batch = 200;
    for (let i = 0; i < options.files; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, options.files - i) }, (_, j) => writeFile(path.join(seeds, `flood-${i + j}.txt`), floodDocument(i + j))));
    }
    const writtenMs = performance.now() - startedAt;
    const everyChat = () => options.chats.every(({ chat }) => port.sent.some((s) => s.chatId === chat.id));
    const end = Date.now() + options.deadlineMs;
    let readMs = Number.NaN;
    while (!everyChat() && Date.now() < end) {
      if (Number.isNaN(readMs) && core.services.library.list().length >= before + options.files) readMs = performance.now() - startedAt;
      await new Promise((r) => setTimeout(r, 20));
    }
    const noticedMs = performance.now() - startedAt;
    // Then nothing more for a while: a second notice to a chat would show here.
    let count = port.sent.length;
    let quietSince = Date.now();
    while (Date.now() - quietSince < options.quietMs && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      if (port.sent.length !== count) [count, quietSince] = [port.sent.length, Date.now()];
    }
    const sent = new Map<string, Sent[]>(options.chats.map(({ chat }) => [chatKey(chat), port.sent.filter((s) => s.chatId === chat.id)]));
    result = { sent, stories: { before, after: core.services.library.list().length }, noticedMs, writtenMs, readMs, mark };
  } finally {
    await svc.stop();
    core.close(); // logs what the library still held back of its summary
    await rm(dir, { recursive: true, force: true });
  }
  const { mark, ...measured } = result;
  return { ...measured, lines, libraryLines: lines.slice(mark).filter((l) => l.includes("library: ")) };
}
