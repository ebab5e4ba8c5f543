import { describe, expect, it } from "vitest";
import { createLogger, escapeLogText, type LogFormat } from "../../src/core/log.js";

const TOKEN = "123456:SECRET-token-abcdefghij";
const WEBHOOK_SECRET = "hook-secret-0123456789";

function capture(format: LogFormat, level: "debug" | "info" | "warn" = "debug") {
  const lines: string[] = [];
  const log = createLogger({ level, format, secrets: [TOKEN], write: (l) => lines.push(l) });
  return { log, lines };
}

describe("the logger", () => {
  it("writes one JSON object a line, with level, time, message and fields", () => {
    const { log, lines } = capture("json");
    log.info("command answered", { command: "headline", platform: "telegram", chatId: "42", outcome: "ok", ms: 3 });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({ level: "info", msg: "command answered", command: "headline", chatId: "42", outcome: "ok", ms: 3 });
    expect(new Date(record.time).toString()).not.toBe("Invalid Date");
  });

  it("writes readable lines in text format", () => {
    const { log, lines } = capture("text");
    log.warn("outbox: telegram:1 failed", { attempt: 2 });
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN outbox: telegram:1 failed attempt=2$/);
  });

  it("drops lines below its level", () => {
    const { log, lines } = capture("text", "warn");
    log.debug("a");
    log.info("b");
    log.warn("c");
    log.error("d");
    expect(lines.map((l) => l.split(" ").slice(1, 3).join(" "))).toEqual(["WARN c", "ERROR d"]);
  });

  it("gives child loggers their component on every line", () => {
    for (const format of ["json", "text"] as const) {
      const { log, lines } = capture(format);
      log.child({ component: "library" }).info("2 stories loaded");
      expect(lines[0]).toMatch(format === "json" ? /"component":"library"/ : / component=library$/);
    }
  });

  it("logs the stack trace of an unexpected error", () => {
    const { log, lines } = capture("text");
    const err = new Error("disk on fire");
    log.error("discord /boom: unexpected error", err);
    const [first, ...frames] = lines[0]!.split("\n");
    expect(first).toContain("ERROR discord /boom: unexpected error Error: disk on fire");
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toMatch(/^ {4}at /);
    expect(frames[0]).toContain("log.test.ts");

    const json = capture("json");
    json.log.error("unexpected", err);
    expect(JSON.parse(json.lines[0]!).err).toMatchObject({ type: "Error", message: "disk on fire", stack: expect.stringContaining("log.test.ts") });
  });

  it("never lets an untrusted string forge a line or hide text", () => {
    const forged = "evil.txt\n2026-01-01T00:00:00.000Z ERROR forged line\r\u001b[31m\u202egnp.exe\u2028";
    for (const format of ["json", "text"] as const) {
      const { log, lines } = capture(format);
      log.warn(`library: skipped ${forged}`, { file: forged });
      log.error("reload failed", new Error(forged));
      log.info("title", forged);
      const output = lines.join("\n");
      // One line per call, except the indented stack frames of the error.
      expect(output.split("\n").filter((l) => !l.startsWith("    at "))).toHaveLength(3);
      expect(output).not.toMatch(/[\r\u001b\u202e\u2028]/);
    }
    expect(escapeLogText(forged)).toBe("evil.txt\\n2026-01-01T00:00:00.000Z ERROR forged line\\r\\u001b[31m\\u202egnp.exe\\u2028");
  });

  it("redacts secrets by value in messages, fields and errors, in every form, in both formats", () => {
    for (const format of ["json", "text"] as const) {
      const { log, lines } = capture(format);
      const child = log.child({ component: "telegram" }, { secrets: [WEBHOOK_SECRET] });
      log.error(`GET https://api.telegram.org/bot${TOKEN}/getMe failed`, new Error(`fetch https://api.telegram.org/bot${TOKEN}/sendMessage`, { cause: new Error(TOKEN) }));
      log.warn("url", { url: `https://x/bot${encodeURIComponent(TOKEN)}/getMe`, half: TOKEN.split(":")[1] });
      child.info(`secret header ${WEBHOOK_SECRET}`);
      log.info(`the root logger knows the child's secret too: ${WEBHOOK_SECRET}`);
      const output = lines.join("\n");
      expect(output).toContain("[redacted]");
      for (const secret of [TOKEN, TOKEN.split(":")[1]!, encodeURIComponent(TOKEN), WEBHOOK_SECRET]) expect(output).not.toContain(secret);
    }
  });

  it("redacts secret fields by name whatever their value", () => {
    const { log, lines } = capture("json");
    log.info("request", { token: "short", headers: { authorization: "Bot abc", "x-telegram-bot-api-secret-token": "s" }, config: { telegram: { webhookSecret: "w" } } });
    const record = JSON.parse(lines[0]!);
    expect(record.token).toBe("[redacted]");
    expect(record.headers.authorization).toBe("[redacted]");
    expect(record.headers["x-telegram-bot-api-secret-token"]).toBe("[redacted]");
    expect(record.config.telegram.webhookSecret).toBe("[redacted]");
  });
});
