import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ask, runTerminalChat } from "../../src/adapters/terminal/index.js";
import type { Services } from "../../src/core/services.js";
import { EVERY_COMMAND, expectEachInItsLanguage } from "../helpers/languages.js";
import { makeServices } from "../helpers/services.js";
import { glacier, harbour } from "../helpers/stories.js";

let services: Services;
beforeAll(async () => {
  services = await makeServices([harbour, glacier]);
});

/** Pipes `lines` into the chat and returns everything it printed. */
async function chat(lines: string[], end = true): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const done = runTerminalChat(services, input, output);
  input.write(lines.map((l) => `${l}\n`).join(""));
  if (end) input.end();
  await done;
  return printed;
}

describe("terminal chat", () => {
  it("answers commands piped line by line and ends at the end of input", async () => {
    const out = await chat(["/headline", "/timeline glacier"]);
    expect(out).toContain(harbour.title);
    expect(out).toContain("[1] Timeline  [2] Sources  [3] Next story ▶");
    expect(out).toContain("Event: 1/2");
    expect(out.trimEnd().endsWith("Bye.")).toBe(true);
  });

  it("presses a button by its number", async () => {
    const out = await chat(["/timeline harbour", "1", "3"]);
    expect(out).toContain("Event: 2/3");
    expect(out).toContain("Event: 3/3");
  });

  it("numbers only the buttons it shows, from 1 without gaps", async () => {
    const out = await chat(["/timeline harbour", "/timeline harbour event:2", "/timeline harbour event:3"]);
    expect(out).toContain("[1] Next ▶  [2] Last ⏭");
    expect(out).toContain("[1] ⏮ First  [2] ◀ Prev  [3] Next ▶  [4] Last ⏭");
    expect(out).toContain("[1] ⏮ First  [2] ◀ Prev\n");
  });

  it.each(["quit", "exit", "/exit", "QUIT"])("leaves on %s", async (word) => {
    const out = await chat(["/stories", word, "/headline"], false);
    expect(out).toContain("Stories (2)");
    expect(out).not.toContain(harbour.title.slice(0, 20) + "\n─");
    expect(out.trimEnd().endsWith("Bye.")).toBe(true);
  });

  it("lists /quit in the terminal's help", async () => {
    const out = await chat(["/help"]);
    expect(out).toMatch(/\/quit — Leave the terminal chat/);
  });

  it("accepts a command without the slash and leaves on /quit, ignoring what follows", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (c: Buffer) => (printed += c.toString()));
    const done = runTerminalChat(services, input, output);
    input.write("stories\n/quit\n/headline\n");
    await done;
    expect(printed).toContain("Stories (2)");
    expect(printed).not.toContain("Timeline  [2] Sources");
  });

  it("answers bad input in one line and keeps the previous choices", async () => {
    const out = await chat(["/timeline harbour", "/timeline harbour event:12", "/nope", "7", "1"]);
    expect(out).toContain("⚠ Event 12 is out of range");
    expect(out).toContain('⚠ Unknown command "/nope"');
    expect(out).toContain("⚠ There is no choice 7 here");
    expect(out).toContain("Event: 2/3");
  });
});

describe("herald ask", () => {
  it("prints the answer and the command behind each choice", async () => {
    const { text, ok } = await ask(services, "/timeline story:harbour event:2");
    expect(ok).toBe(true);
    expect(text).toContain("Event: 2/3");
    expect(text).toContain("[3] Next ▶ → /timeline story:harbour event:3");
    expect(text).not.toContain("version");
  });

  it("reports a bad request as not ok", async () => {
    const { text, ok } = await ask(services, "/timeline story:nothing-like-it");
    expect(ok).toBe(false);
    expect(text).toMatch(/^⚠ No story matches/);
  });

  it("says how to subscribe, since a one-shot answer keeps no subscription", async () => {
    const { text, ok } = await ask(services, "/subscribe time:07:30");
    expect(ok).toBe(false);
    expect(text).toContain("herald ask` answers one command and stores nothing");
    expect(text).toContain("npm start");
    expect(text).not.toContain("not available in this mode");
  });
});

describe("guided /subscribe in the terminal", () => {
  it("walks mode, stories, time and zone by numbered choices and subscribes", async () => {
    const { createSubscriptionService } = await import("../../src/subscriptions/index.js");
    const subscriptions = await createSubscriptionService({ services, storeUrl: "memory", deliveries: [] });
    const withSubscriptions = { ...services, subscriptions };
    try {
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = "";
      output.on("data", (c: Buffer) => (printed += c.toString()));
      const done = runTerminalChat(withSubscriptions, input, output);
      input.end("/subscribe\n1\n1\n2\n1\n/subscriptions\n");
      await done;
      expect(printed).toContain("[1] Daily digest  [2] Update notices  [3] Both");
      expect(printed).toContain("About which stories?");
      expect(printed).toMatch(/\[1\] All stories {2}\[2\] Harbour Strike Enters Third Week in…/);
      expect(printed).toContain("[1] 07:00  [2] 08:00  [3] 12:00  [4] 18:00  [5] 21:00");
      expect(printed).toContain("In which time zone is 08:00?");
      expect(printed).toContain("Subscribed");
      expect(printed).toContain("Digest time: 08:00 Europe/Paris");
      expect(printed).toContain("[1] Change  [2] End");
    } finally {
      await subscriptions.stop();
    }
  });
});

describe("terminal chat in English and French", () => {
  /** Every command typed into a terminal chat whose system language is `language`, each answer apart. */
  async function runAll(language: string): Promise<{ line: string; text: string }[]> {
    const { createSubscriptionService } = await import("../../src/subscriptions/index.js");
    const subscriptions = await createSubscriptionService({ services, storeUrl: "memory", deliveries: [] });
    const input = new PassThrough();
    const output = new PassThrough();
    const printed: string[] = [];
    output.on("data", (chunk: Buffer) => printed.push(chunk.toString()));
    const done = runTerminalChat({ ...services, subscriptions }, input, output, { language });
    const answers: { line: string; text: string }[] = [];
    try {
      await vi.waitFor(() => expect(printed.length).toBe(1)); // the welcome line
      for (const line of EVERY_COMMAND) {
        const before = printed.length;
        input.write(`${line}\n`);
        await vi.waitFor(() => expect(printed.length).toBeGreaterThan(before));
        answers.push({ line, text: printed.slice(before).join("") });
      }
      input.end();
      await done;
    } finally {
      await subscriptions.stop();
    }
    answers.push({ line: "(welcome and goodbye)", text: `${printed[0]}${printed.at(-1)}` });
    return answers;
  }

  it("answers every command, its numbered choices and its errors in the system's language, and nothing in the other", async () => {
    const french = await runAll("fr_FR.UTF-8");
    const english = await runAll("C.UTF-8");
    expect(french.at(-1)!.text).toBe("Discussion Herald dans le terminal. Essayez /headline, /timeline, /sources franco, /help ; /quit pour quitter.\nAu revoir.\n");
    expectEachInItsLanguage({ en: english.slice(0, -1), fr: french.slice(0, -1) });
  });
});
