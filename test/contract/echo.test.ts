import { beforeAll, describe, expect, it, vi } from "vitest";
import { PLATFORM_NAMES } from "../../src/core/chat.js";
import { createLogger } from "../../src/core/log.js";
import { loadCommands } from "../../src/core/registry.js";
import type { CommandRegistry, Services } from "../../src/core/services.js";
import { Outbox } from "../../src/subscriptions/outbox.js";
import { DEFAULT_PACING } from "../../src/subscriptions/pacer.js";
import { OutboxEntry } from "../../src/subscriptions/records.js";
import { createStore } from "../../src/subscriptions/store.js";
import { makeServices } from "../helpers/services.js";
import { harbour } from "../helpers/stories.js";
import { FakeClock } from "../subscriptions/helpers.js";
import { deliveryContract } from "./delivery.js";
import { createEchoAdapter, createEchoDelivery, ECHO, EchoServer, renderEcho, type EchoMessage } from "./echo/index.js";
import { ECHO_MESSAGE_MAX_CHARS } from "./echo/render.js";
import { rendererContract } from "./renderer.js";

// Adding a platform: its folder (./echo, the same file names as src/adapters/*) and this one line in
// the platform list. Everything else (records, pacing, outbox lanes, answer()) follows from them.
vi.mock("../../src/core/chat.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/core/chat.js")>();
  const PLATFORMS = { ...real.PLATFORMS, echo: { pacing: { perSecond: 100, privateSpacingMs: 0, groupSpacingMs: 0 } } };
  return { ...real, PLATFORMS, PLATFORM_NAMES: Object.keys(PLATFORMS) };
});

let registry: CommandRegistry;
beforeAll(async () => {
  registry = await loadCommands();
});

const limitProblems = (message: EchoMessage) =>
  message.text.length > ECHO_MESSAGE_MAX_CHARS ? [`${message.text.length} characters, over ${ECHO_MESSAGE_MAX_CHARS}`] : [];

rendererContract<EchoMessage>("echo (test-only platform)", () => ({
  render: (reply) => renderEcho(reply, registry),
  visibleText: (message) => message.text,
  limitProblems,
  buttonData: (message) => message.buttons,
}));

deliveryContract("echo (test-only platform)", async () => {
  const server = new EchoServer();
  return {
    port: createEchoDelivery(server, registry),
    chatId: "e1",
    answerNext: (answer, options) => server.failNext(answer, options?.skip),
    shown: () => server.shown.map(({ message }) => ({ text: message.text, limitProblems: limitProblems(message) })),
    close: async () => {},
  };
});

describe("a platform added by one line in the platform list", () => {
  let services: Services;
  beforeAll(async () => {
    services = await makeServices([harbour]);
  });

  it("is a platform, with pacing defaults, that stored records accept", () => {
    expect(PLATFORM_NAMES).toContain(ECHO);
    expect(DEFAULT_PACING[ECHO]).toMatchObject({ perSecond: 100, privateSpacingMs: 0 });
    const entry = { id: "n:1", chat: { platform: "echo", id: "e1", kind: "private" }, kind: "notice", replies: [{ blocks: [{ text: "hi" }] }], sent: 0, attempts: 0, createdAt: "2026-03-01T08:00:00.000Z", seq: 0, commit: null };
    expect(OutboxEntry.safeParse(entry).success).toBe(true);
  });

  it("answers commands and button presses through answer()", async () => {
    const echo = createEchoAdapter(services);
    await echo.type("e1", "/timeline harbour");
    const [first] = echo.server.shown;
    expect(first!.message.text).toContain("Event: 1/3");
    await echo.press("e1", first!.message.buttons.find((b) => b.startsWith("=timeline|harbour|2|"))!);
    expect(echo.server.shown[1]!.message.text).toContain("Event: 2/3");
    await echo.type("e1", "/timeline nothing-like-it");
    expect(echo.server.shown[2]!.message.text).toMatch(/No story/i);
  });

  it("gets its own outbox lane, which delivers digests and notices to its chats", async () => {
    const server = new EchoServer();
    const clock = new FakeClock(Date.parse("2026-03-01T08:00:00Z"));
    const log = createLogger({ level: "warn", write: () => undefined });
    const box = new Outbox({ store: await createStore("memory"), ports: [createEchoDelivery(server, registry)], log, clock, onDelivered: async () => {}, onGone: async () => {} });
    expect(await box.enqueue("n:1", { platform: ECHO, id: "e1", kind: "private" }, "notice", [{ title: "Harbour", blocks: [{ text: "Mediator appointed" }] }])).toBe(true);
    await clock.advance(1_000);
    expect(server.shown.map((s) => [s.chatId, s.message.text])).toEqual([["e1", "Harbour\n\nMediator appointed"]]);
    await box.stop();
  });
});
