import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { FakeNewsServer, rssOf } from "../fakes/news-server.js";
import { startFakeTelegramApi, updates, type FakeTelegramApi } from "../fakes/telegram-api.js";

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

const waitUntil = async (check: () => boolean, what: string, timeoutMs = 30_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

// Published hours ago: reports older than feeds.keepDays (14) are not kept.
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const LE_MONDE = { id: "lemonde-bonne", title: "Macron’s envoy Emmanuel Bonne meets Kremlin adviser Yuri Ushakov in Moscow", at: hoursAgo(5) };
const LEXPRESS = { id: "lexpress-bonne", title: "Emmanuel Bonne, Macron’s diplomatic adviser, held talks with Yuri Ushakov in Moscow", at: hoursAgo(1) };

describe("npm start with news feeds", () => {
  it("sends an updates-mode chat one notice when another outlet's report appears, and nothing on the 304 polls", async () => {
    news = await new FakeNewsServer().start();
    news.setFeed("/lemonde.xml", rssOf("Le Monde", [LE_MONDE]));
    news.setFeed("/lexpress.xml", rssOf("L'Express", []));
    telegram = await startFakeTelegramApi();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        HERALD_STORE: "memory",
        TELEGRAM_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        HERALD_FEEDS: `${news.url}/lemonde.xml,${news.url}/lexpress.xml`,
        HERALD_FEEDS_ALLOW_PRIVATE: "true",
        // A "minute" of 200 ms: feeds (every 10 minutes by default) are read every 2 s.
        HERALD_FEEDS_MINUTE_MS: "200",
        HERALD_NOTICE_SETTLE_SECONDS: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running = child;
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    await waitUntil(() => stderr.includes("herald: telegram is running"), "the Telegram bot to be ready");

    const chat = updates.privateChat;
    let since = telegram.mark();
    telegram.pushUpdate(updates.command("/subscribe mode:updates", chat));
    expect((await telegram.waitFor("sendMessage", { since, timeoutMs: 15_000 })).payload.text).toContain("update notices");

    // Both feeds read once (their backlog is not news) and again with a 304.
    const polls = (path: string) => news!.hits(path).length;
    await waitUntil(() => polls("/lemonde.xml") >= 2 && polls("/lexpress.xml") >= 2, "two polls of each feed");
    expect(news.hits("/lexpress.xml").at(-1)!.headers["if-none-match"]).toBeTruthy();
    since = telegram.mark();

    news.setFeed("/lexpress.xml", rssOf("L'Express", [LEXPRESS]));
    const notice = await telegram.waitFor("sendMessage", { since, timeoutMs: 30_000, where: (c) => String(c.payload.chat_id) === String(chat.id) }).catch((err: Error) => {
      throw new Error(`${err.message}\nHerald said:\n${stderr}`);
    });
    expect(notice.payload.text).toContain(LEXPRESS.title);

    // More polls, all 304s: nothing more reaches the chat.
    const after = telegram.mark();
    const [a, b] = [polls("/lemonde.xml"), polls("/lexpress.xml")];
    await waitUntil(() => polls("/lemonde.xml") >= a + 2 && polls("/lexpress.xml") >= b + 2, "two more polls of each feed");
    expect(telegram.calls.slice(after).filter((c) => c.method === "sendMessage")).toEqual([]);
    expect(telegram.calls.slice(since).filter((c) => c.method === "sendMessage")).toHaveLength(1);

    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }, 90_000);
});
