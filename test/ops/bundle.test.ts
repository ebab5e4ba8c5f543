import { execFile, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/discord-api.js";
import { startFakeTelegramApi } from "../fakes/telegram-api.js";
import { BOT_TOKEN } from "../discord/harness.js";
import { waitUntil } from "../helpers/process.js";

const exec = promisify(execFile);

/**
 * The production build (scripts/build.ts: one esbuild bundle, shared chunks, minified) run with plain
 * node from a project folder of its own, as the image has it: package.json, config/, locales/, seeds/,
 * node_modules/ and dist/. Every script entry is run once, so a path counted from a chunk's URL or a
 * script whose code moved into a chunk fails here.
 */
describe("the bundled build, run with plain node", { timeout: 90_000 }, () => {
  const project = mkdtempSync(path.join(tmpdir(), "herald-bundle-"));
  const running: ChildProcess[] = [];
  const run = (file: string, env: Record<string, string>, cwd = project) => {
    const child = spawn(process.execPath, [path.join(project, file)], { cwd, env: { PATH: process.env.PATH ?? "", HERALD_STORE: "memory", ...env }, detached: true });
    running.push(child);
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    /** Resolves once the output holds `text`; fails at once, with the output, if the process exits first. */
    const said = async (text: string) => {
      await waitUntil(() => output.includes(text) || child.exitCode !== null, `"${text}"`, { context: () => output });
      expect(output, "exited before saying it").toContain(text);
    };
    return { child, output: () => output, said };
  };

  beforeAll(async () => {
    cpSync("package.json", path.join(project, "package.json"));
    for (const folder of ["config", "locales", "seeds", "node_modules"]) symlinkSync(path.resolve(folder), path.join(project, folder));
    await exec(process.execPath, ["--import", "tsx", "scripts/build.ts", `--outdir=${path.join(project, "dist")}`], { timeout: 60_000 });
  }, 90_000);
  afterEach(() => {
    // Each child leads its own process group, so a sharding manager's shards go with it.
    for (const child of running.splice(0)) if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("writes one file per script and per command file", () => {
    for (const file of ["src/main.js", "src/cli/herald.js", "src/adapters/discord/shards.js", "src/adapters/discord/deploy.js"]) {
      expect(existsSync(path.join(project, "dist", file)), file).toBe(true);
    }
    const commands = readdirSync("commands").filter((f) => f.endsWith(".ts"));
    const built = readdirSync(path.join(project, "dist/commands")).filter((f) => f.endsWith(".js"));
    expect(built.sort()).toEqual(commands.map((f) => f.replace(/\.ts$/, ".js")).sort());
  });

  it("answers the terminal chat with every command loaded from dist/commands/", async () => {
    const chat = run("dist/src/main.js", {});
    chat.child.stdin!.end("/headline\n/help\n");
    await new Promise((resolve) => chat.child.once("exit", resolve));
    expect(chat.output()).toContain("Franco‑Russian Talks");
    expect(chat.output()).toContain("/unsubscribe");
    expect(chat.output().trimEnd().endsWith("Bye.")).toBe(true);
  });

  it("reads its version from the project's package.json through the CLI", async () => {
    const { stdout } = await exec(process.execPath, [path.join(project, "dist/src/cli/herald.js"), "--version"], { cwd: tmpdir() });
    expect(stdout).toMatch(/^herald \d+\.\d+\.\d+\n$/);
  });

  it("reads an item's page with Readability (left external: CommonJS loaded by import())", async () => {
    const paragraph = "The river rose two metres overnight, and the town hall opened its doors to the families whose streets were under water.";
    const server = createServer((req, res) => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === "/feed.xml") {
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(`<rss version="2.0"><channel><title>Town</title><link>${base}/</link><description>d</description><item><title>Flood</title><link>${base}/flood.html</link><description>Short.</description></item></channel></rss>`);
      } else {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(`<html><body><article><h1>Flood</h1>${`<p>${paragraph}</p>`.repeat(4)}</article></body></html>`);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
      const { stdout } = await exec(process.execPath, [path.join(project, "dist/src/cli/herald.js"), "feed", url, "--pages", "--json"], {
        cwd: project,
        env: { PATH: process.env.PATH ?? "", HERALD_FEEDS_ALLOW_PRIVATE: "true" },
      });
      expect(stdout).toContain(paragraph);
    } finally {
      server.close();
    }
  });

  it("runs the Telegram bot (grammY left external) against the fake Bot API", async () => {
    const telegram = await startFakeTelegramApi();
    try {
      const herald = run("dist/src/main.js", { TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
      await herald.said("herald: telegram is running");
      expect(telegram.callsOf("getMe")).toHaveLength(1);
    } finally {
      await telegram.close();
    }
  });

  describe("Discord's scripts", () => {
    let fake: FakeDiscord;
    beforeAll(async () => {
      fake = await FakeDiscord.start();
    });
    afterAll(async () => {
      await fake.close();
    });
    const discordEnv = () => ({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, HERALD_SEEDS_DIR: path.resolve("seeds") });

    it("registers the slash commands (deploy)", async () => {
      const deploy = run("dist/src/adapters/discord/deploy.js", discordEnv());
      const code = await new Promise((resolve) => deploy.child.once("exit", resolve));
      expect(code, deploy.output()).toBe(0);
      expect(deploy.output()).toMatch(/registered \d+ command\(s\) globally: \/\w+/);
    });

    it("starts a shard running dist/src/main.js from outside the project folder, which answers a command", async () => {
      const shards = run("dist/src/adapters/discord/shards.js", { ...discordEnv(), DISCORD_SHARDS: "1" }, tmpdir());
      await shards.said("herald: discord is running");
      const callback = await fake.callbackFor(fake.slashCommand("headline", [], { kind: "dm" }, 0), 10_000);
      expect(callback.body.type).toBe(4);
    });
  });
});
