import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { FakeNewsServer, rssOf } from "../fakes/news-server.js";
import { startFakeTelegramApi, updates, type FakeTelegramApi } from "../fakes/telegram-api.js";
import { PROCESS_DEADLINE_MS, startHerald, waitUntil } from "../helpers/process.js";

let running: ChildProcess | undefined;
let telegram: FakeTelegramApi | undefined;
let news: FakeNewsServer | undefined;
afterEach(async () => {
  running?.kill("SIGKILL");
  running = undefined;
  await telegram?.close();
  await news?.close();
  telegram = news = undefined;
});

// Two outlets' reports of the event of the seed story 000 (Bonne meets Ushakov in Moscow, early February 2026).
const LE_MONDE = {
  id: "lemonde-bonne",
  title: "Emmanuel Bonne, Macron’s diplomatic adviser, met Kremlin adviser Yuri Ushakov in Moscow",
  at: "2026-02-05T10:00:00Z",
  text: "Emmanuel Bonne met Yuri Ushakov in Moscow to prepare Franco-Russian talks on Ukraine.",
};
const LEXPRESS = {
  id: "lexpress-bonne",
  title: "Macron’s adviser Emmanuel Bonne held talks with Yuri Ushakov at the Kremlin",
  at: "2026-02-05T14:00:00Z",
  text: "Emmanuel Bonne and Yuri Ushakov discussed Ukraine in Moscow, according to L'Express.",
};

describe("npm start with news feeds", () => {
  it("sends an updates-mode chat one notice when another outlet's report joins a story, and nothing on the 304 polls", async () => {
    news = await new FakeNewsServer().start();
    news.setFeed("/lemonde.xml", rssOf("Le Monde", [LE_MONDE]));
    news.setFeed("/lexpress.xml", rssOf("L'Express", []));
    telegram = await startFakeTelegramApi();
    const herald = startHerald({
      TELEGRAM_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      HERALD_FEEDS: `${news.url}/lemonde.xml,${news.url}/lexpress.xml`,
      HERALD_FEEDS_ALLOW_PRIVATE: "true",
      // A "minute" of 200 ms: feeds (every 10 minutes by default) are read every 2 s.
      HERALD_FEEDS_MINUTE_MS: "200",
      HERALD_NOTICE_SETTLE_SECONDS: "0",
      // The reports are from February 2026: keep them.
      HERALD_FEEDS_KEEP_DAYS: "3650",
    });
    running = herald.child;
    const stderr = () => herald.output().stderr;
    await waitUntil(() => stderr().includes("herald: telegram is running"), "the Telegram bot to be ready", { context: () => `Herald said:\n${stderr()}` });

    const chat = updates.privateChat;
    let since = telegram.mark();
    telegram.pushUpdate(updates.command("/subscribe mode:updates", chat));
    expect((await telegram.waitFor("sendMessage", { since, timeoutMs: PROCESS_DEADLINE_MS })).payload.text).toContain("update notices");

    // Both feeds read once (their backlog is not news) and again with a 304.
    const polls = (path: string) => news!.hits(path).length;
    await waitUntil(() => polls("/lemonde.xml") >= 2 && polls("/lexpress.xml") >= 2, "two polls of each feed");
    expect(news.hits("/lexpress.xml").at(-1)!.headers["if-none-match"]).toBeTruthy();
    since = telegram.mark();

    news.setFeed("/lexpress.xml", rssOf("L'Express", [LEXPRESS]));
    const notice = await telegram.waitFor("sendMessage", { since, timeoutMs: PROCESS_DEADLINE_MS, where: (c) => String(c.payload.chat_id) === String(chat.id) }).catch((err: Error) => {
      throw new Error(`${err.message}\nHerald said:\n${stderr()}`);
    });
    expect(notice.payload.text).toContain(`Now also reported by L'Express: ${LEXPRESS.title}`);
    expect(notice.payload.text).toContain("Franco‑Russian Talks");

    // More polls, all 304s: nothing more reaches the chat.
    const after = telegram.mark();
    const [a, b] = [polls("/lemonde.xml"), polls("/lexpress.xml")];
    await waitUntil(() => polls("/lemonde.xml") >= a + 2 && polls("/lexpress.xml") >= b + 2, "two more polls of each feed");
    expect(telegram.calls.slice(after).filter((c) => c.method === "sendMessage")).toEqual([]);
    expect(telegram.calls.slice(since).filter((c) => c.method === "sendMessage")).toHaveLength(1);

    herald.child.kill("SIGTERM");
    await herald.exited;
  }, 180_000);
});
