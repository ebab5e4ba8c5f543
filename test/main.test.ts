import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "./fakes/discord-api.js";
import { FakeNewsServer, rssOf } from "./fakes/news-server.js";
import { startFakeTelegramApi, updates, type FakeTelegramApi } from "./fakes/telegram-api.js";
import { freePort, PROCESS_DEADLINE_MS, startHerald as start, waitUntil } from "./helpers/process.js";

let running: ChildProcess | undefined;
let telegram: FakeTelegramApi | undefined;
let discord: FakeDiscord | undefined;
afterEach(async () => {
  running?.kill("SIGKILL");
  running = undefined;
  await telegram?.close();
  await discord?.close();
  telegram = discord = undefined;
});

describe("npm start", { timeout: 2 * PROCESS_DEADLINE_MS }, () => {
  it("opens the terminal chat when no token is set and ends with the input", async () => {
    const run = start({}, "/headline\n/timeline franco event:2\n");
    running = run.child;
    expect(await run.exited).toBe(0);
    const { stdout } = run.output();
    expect(stdout).toContain("Macron’s Envoy Emmanuel\u202fBonne Meets Kremlin Adviser");
    // Ten events of the page, plus the dated fact L'Express states (docs/coverage.md).
    expect(stdout).toContain("Event: 2/11");
    expect(stdout.trimEnd().endsWith("Bye.")).toBe(true);
  });

  it("refuses to start on a bad configuration, one line per problem", async () => {
    const run = start({ HERALD_DIGEST_TIME: "25:00", HERALD_DIGEST_TIMEZONE: "Mars/Olympus" }, "");
    running = run.child;
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe(
      'Herald cannot start; fix the configuration:\ndigest.time: "25:00" is not HH:MM\ndigest.timezone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Paris)\n',
    );
  });

  it("says which stories folder is missing instead of failing with a stack trace", async () => {
    const run = start({ HERALD_SEEDS_DIR: "/no/such/stories" }, "");
    running = run.child;
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe(
      'Herald cannot start; fix the configuration:\nseedsDir: the stories folder "/no/such/stories" does not exist (set HERALD_SEEDS_DIR)\n',
    );
  });

  it("runs the Telegram bot when TELEGRAM_TOKEN is set, answers and subscribes, and stops on SIGTERM", async () => {
    telegram = await startFakeTelegramApi();
    const run = start({ TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
    running = run.child;
    await waitUntil(() => run.output().stderr.includes("herald: telegram is running"), "the Telegram bot to be ready");
    expect(telegram.callsOf("setMyCommands")[0]?.payload.commands.map((c: { command: string }) => c.command)).toContain("subscribe");

    let since = telegram.mark();
    telegram.pushUpdate(updates.command("/headline franco", updates.privateChat));
    const headline = await telegram.waitFor("sendMessage", { since, timeoutMs: PROCESS_DEADLINE_MS });
    expect(headline.payload.text).toContain("Franco‑Russian Talks");

    since = telegram.mark();
    telegram.pushUpdate(updates.command("/subscribe time:07:30 timezone:Europe/Paris", updates.privateChat));
    const subscribed = await telegram.waitFor("sendMessage", { since, timeoutMs: PROCESS_DEADLINE_MS });
    expect(subscribed.payload.text).toContain("07:30 Europe/Paris");

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const { stdout, stderr } = run.output();
    expect(stdout + stderr).not.toContain(telegram.token);
    expect(stdout + stderr).not.toContain(telegram.token.split(":")[1]);
  });

  it("runs the Discord bot when DISCORD_TOKEN is set, without registering commands", async () => {
    discord = await FakeDiscord.start();
    const token = "MTIzNDU2Nzg5.fake.discord-token-for-main";
    const run = start({ DISCORD_TOKEN: token, DISCORD_API_URL: discord.apiUrl });
    running = run.child;
    await waitUntil(() => run.output().stderr.includes("herald: discord is running"), "the Discord bot to be ready");
    expect(discord.calls.some((c) => c.method === "PUT" && /\/commands$/.test(c.path))).toBe(false);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output().stderr).not.toContain(token);
  });

  it("runs Discord and Telegram side by side when both tokens are set", async () => {
    telegram = await startFakeTelegramApi();
    discord = await FakeDiscord.start();
    const run = start({
      TELEGRAM_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: "MTIzNDU2Nzg5.fake.discord-token-for-main",
      DISCORD_API_URL: discord.apiUrl,
    });
    running = run.child;
    await waitUntil(() => /discord is running[\s\S]*telegram is running/.test(run.output().stderr), "both bots to be ready");
    const since = telegram.mark();
    telegram.pushUpdate(updates.command("/stories", updates.privateChat));
    expect((await telegram.waitFor("sendMessage", { since, timeoutMs: PROCESS_DEADLINE_MS })).payload.text).toContain("Stories (1)");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("stops with one line naming the store and exit code 1 when the store cannot be reached", async () => {
    const port = await freePort();
    const run = start({ HERALD_STORE: `redis://127.0.0.1:${port}` }, "/headline\n");
    running = run.child;
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe(
      `Herald cannot start: store: cannot reach redis://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}; gave up after 5 s)\n`,
    );
    expect(run.output().stdout).toBe("");
  });

  // The feed modules load only when a feed is configured (src/main.ts): the first /feeds after start sees the poller's reads.
  it("polls the configured feeds from the start and /feeds shows what the first read found", async () => {
    const news = await new FakeNewsServer().start();
    try {
      news.setFeed("/wire.xml", rssOf("Wire", [{ id: "w1", title: "A first report", at: "2026-02-05T10:00:00Z" }]));
      const run = start({ HERALD_FEEDS: `${news.url}/wire.xml`, HERALD_FEEDS_ALLOW_PRIVATE: "true", HERALD_FEEDS_KEEP_DAYS: "3650" });
      running = run.child;
      await waitUntil(() => run.output().stdout.includes("Herald terminal chat"), "the terminal chat");
      await waitUntil(() => news.hits("/wire.xml").length > 0, "the first read of the feed");
      // The read ends a moment after its request (parsing, the store): ask again, once answered, until /feeds shows it.
      let asked = 0;
      const answers = () => run.output().stdout.split("Feeds (1)").length - 1;
      await waitUntil(
        () => {
          if (run.output().stdout.includes("1 item")) return true;
          if (answers() === asked) {
            asked++;
            run.child.stdin!.write("/feeds\n");
          }
          return false;
        },
        "/feeds to show the first read",
        { context: () => run.output().stdout + run.output().stderr },
      );
      expect(run.output().stdout).toContain("✅ healthy");
      run.child.stdin!.end();
      expect(await run.exited).toBe(0);
    } finally {
      await news.close();
    }
  });

  it("serves /healthz, /readyz and /metrics beside the terminal chat when HERALD_HTTP_PORT is set", async () => {
    const port = await freePort();
    const run = start({ HERALD_HTTP_PORT: String(port) });
    running = run.child;
    await waitUntil(() => run.output().stdout.includes("Herald terminal chat"), "the terminal chat");
    run.child.stdin!.write("/headline\n");
    await waitUntil(() => run.output().stdout.includes("Story 000_0ad91265f6a5c902"), "the answer");
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ ready: true, checks: { library: true, store: true } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    // The two seeds report one event: one story (docs/coverage.md).
    expect(metrics).toMatch(/^herald_stories 1$/m);
    expect(metrics).toMatch(/^herald_outbox_depth 0$/m);
    run.child.stdin!.end();
    expect(await run.exited).toBe(0);
  });

  it("never writes a token to any log line, even when every send fails", async () => {
    telegram = await startFakeTelegramApi();
    discord = await FakeDiscord.start();
    const discordToken = "MTIzNDU2Nzg5.fake.discord-token-for-redaction";
    telegram.answerAlways("sendMessage", "drop");
    telegram.answerAlways("setMyCommands", { ok: false, error_code: 400, description: `Bad Request: token ${telegram.token} refused` });
    const run = start({
      TELEGRAM_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: discordToken,
      DISCORD_API_URL: discord.apiUrl,
      HERALD_LOG_LEVEL: "debug",
    });
    running = run.child;
    await waitUntil(() => /telegram is running/.test(run.output().stderr), "the bots to be ready");
    telegram.pushUpdate(updates.command("/headline", updates.privateChat));
    await waitUntil(() => /sendMessage/.test(run.output().stderr), "the failed send to be logged");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const lines = run.output().stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      // Not on a terminal: one JSON object a line.
      expect(() => JSON.parse(line)).not.toThrow();
      for (const secret of [telegram.token, telegram.token.split(":")[1]!, encodeURIComponent(telegram.token), discordToken]) {
        expect(line).not.toContain(secret);
      }
    }
    expect(run.output().stderr).toContain("[redacted]");
  });

  it("counts real commands on /metrics and logs one line per command without its text", async () => {
    telegram = await startFakeTelegramApi();
    const port = await freePort();
    const run = start({ TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, HERALD_HTTP_PORT: String(port) });
    running = run.child;
    await waitUntil(() => run.output().stderr.includes("herald: telegram is running"), "the Telegram bot to be ready");
    let since = telegram.mark();
    telegram.pushUpdate(updates.command("/headline", updates.privateChat));
    await telegram.waitFor("sendMessage", { since, timeoutMs: PROCESS_DEADLINE_MS });
    since = telegram.mark();
    telegram.pushUpdate(updates.command("/timeline secret-words-of-a-user event:999", updates.privateChat));
    await telegram.waitFor("sendMessage", { since, timeoutMs: PROCESS_DEADLINE_MS });
    await waitUntil(() => (run.output().stderr.match(/"command":"timeline"/g) ?? []).length > 0, "the command log line");

    const base = `http://127.0.0.1:${port}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('herald_commands_total{command="headline",outcome="ok"} 1');
    expect(metrics).toContain('herald_commands_total{command="timeline",outcome="refused"} 1');
    expect(metrics).toContain('herald_command_duration_seconds_count{command="headline"} 1');
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true, checks: { library: true, store: true, telegram: true } });

    const lines = run.output().stderr.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const answered = lines.filter((l) => l.command !== undefined);
    expect(answered).toMatchObject([
      { level: "info", component: "commands", command: "headline", platform: "telegram", chatId: String(updates.privateChat.id), outcome: "ok" },
      { level: "info", component: "commands", command: "timeline", platform: "telegram", outcome: "refused" },
    ]);
    for (const line of answered) expect(typeof line.ms).toBe("number");
    expect(run.output().stderr).not.toContain("secret-words-of-a-user");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });
});
