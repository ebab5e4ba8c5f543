import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configVariables, loadConfig } from "../../src/core/config.js";
import { createLogger } from "../../src/core/log.js";

describe("configuration", () => {
  it("starts from the committed defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ seedsDir: "seeds", maxFileBytes: 5_000_000, store: "sqlite:data/herald.sqlite" });
    expect(config.digest).toMatchObject({ time: "08:00", timezone: "UTC", graceHours: 6 });
    expect(config.telegram.token).toBeUndefined();
  });

  it("lets the environment override, tokens included", () => {
    const config = loadConfig({
      HERALD_SEEDS_DIR: "/srv/stories",
      REDIS_URL: "redis://127.0.0.1:6379",
      TELEGRAM_TOKEN: "123:abc",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
      HERALD_DIGEST_TIME: "07:30",
    });
    expect(config).toMatchObject({ seedsDir: "/srv/stories", store: "redis://127.0.0.1:6379" });
    expect(config.telegram).toMatchObject({ token: "123:abc", apiRoot: "http://127.0.0.1:8081" });
    expect(config.digest.time).toBe("07:30");
  });

  it("paces deliveries at the documented rates unless told otherwise", () => {
    expect(loadConfig({}).delivery).toEqual({
      telegram: { perSecond: 30, privateSpacingMs: 1000, groupSpacingMs: 3000 },
      discord: { perSecond: 50, privateSpacingMs: 1000, groupSpacingMs: 1000 },
    });
    expect(loadConfig({ HERALD_TELEGRAM_PER_SECOND: "1000" }).delivery.telegram.perSecond).toBe(1000);
    expect(() => loadConfig({ HERALD_DISCORD_PER_SECOND: "5000" })).toThrow(/^delivery\.discord\.perSecond: /);
    expect(() => loadConfig({ HERALD_TELEGRAM_PER_SECOND: "fast" })).toThrow(/^delivery\.telegram\.perSecond: "fast" is not a number$/);
  });

  it("prefers HERALD_STORE over REDIS_URL", () => {
    expect(loadConfig({ REDIS_URL: "redis://a:1", HERALD_STORE: "sqlite:x.db" }).store).toBe("sqlite:x.db");
  });

  it("names every bad key, its value and what is expected, one line each", () => {
    let message = "";
    try {
      loadConfig({ HERALD_DIGEST_TIME: "25:00", HERALD_DIGEST_TIMEZONE: "Mars/Olympus", HERALD_STORE: "mongo://x", HERALD_LOG_LEVEL: "loud" });
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split("\n");
    expect(lines).toContain('digest.time: "25:00" is not HH:MM');
    expect(lines).toContain('digest.timezone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Paris)');
    expect(lines).toContain('store: "mongo://x" is not sqlite:PATH, redis://… or memory');
    expect(lines.find((l) => l.startsWith("logLevel:"))).toBeDefined();
    expect(lines).toHaveLength(4);
  });

  it("never repeats a bad token in its message", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "herald-cfg-")), "config.json");
    await writeFile(file, JSON.stringify({ ...loadConfig({}), telegram: { apiRoot: "https://x.org", token: 42 } }));
    expect(() => loadConfig({}, file)).toThrow(/^telegram\.token: is not valid$/);
  });

  it("says which file could not be read", () => {
    expect(() => loadConfig({}, "/nonexistent/herald.json")).toThrow(/\/nonexistent\/herald\.json: cannot read the config file/);
  });
});

describe("configuration files and variables", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "herald-partial-"));
  const write = async (name: string, content: unknown) => {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(content));
    return file;
  };
  const problems = (run: () => unknown): string[] => {
    try {
      run();
    } catch (err) {
      return (err as Error).message.split("\n");
    }
    return [];
  };

  it("lays a partial file over the defaults, object by object", async () => {
    const file = await write("partial.json", { logLevel: "debug", digest: { time: "06:45" } });
    const config = loadConfig({}, file);
    expect(config.logLevel).toBe("debug");
    expect(config.digest).toMatchObject({ time: "06:45", timezone: "UTC", maxStories: 5, graceHours: 6 });
    expect(config.delivery).toEqual(loadConfig({}).delivery);
  });

  it("lets the environment override the file", async () => {
    const file = await write("with-env.json", { digest: { time: "06:45" } });
    expect(loadConfig({ HERALD_DIGEST_TIME: "09:15" }, file).digest.time).toBe("09:15");
  });

  it("refuses an unknown key, naming it and the closest known key", async () => {
    const file = await write("typo.json", { logLevl: "debug", digest: { tme: "06:45" } });
    expect(problems(() => loadConfig({}, file))).toEqual([
      `${file}: logLevl: unknown key (did you mean logLevel?)`,
      `${file}: digest.tme: unknown key (did you mean digest.time?)`,
    ]);
  });

  it("lists the known keys when an unknown one resembles none", async () => {
    const file = await write("stranger.json", { http: { colour: "blue" } });
    expect(problems(() => loadConfig({}, file))).toEqual([`${file}: http.colour: unknown key (known keys here: port, host)`]);
  });

  it("says when the file is not one JSON object", async () => {
    const file = await write("list.json", [1, 2]);
    expect(problems(() => loadConfig({}, file))).toEqual([`${file}: the config file must hold one JSON object`]);
  });

  it("gives every key a variable, read as the schema types it", () => {
    const names = configVariables().flatMap((key) => key.names);
    expect(new Set(names).size).toBe(names.length);
    expect(configVariables().every((key) => key.names.length > 0)).toBe(true);
    const config = loadConfig({ HERALD_DIGEST_MAX_STORIES: "9", HERALD_DIGEST_WHEN_QUIET: "skip", HERALD_DELIVERY_TELEGRAM_GROUP_SPACING_MS: "4000" });
    expect(config.digest).toMatchObject({ maxStories: 9, whenQuiet: "skip" });
    expect(config.delivery.telegram.groupSpacingMs).toBe(4000);
    expect(problems(() => loadConfig({ HERALD_DIGEST_MAX_STORIES: "many" }))).toEqual(['digest.maxStories: "many" is not a number']);
  });
});

describe("logger", () => {
  it("redacts secrets wherever they appear", () => {
    const lines: string[] = [];
    const log = createLogger({ secrets: ["123456:SECRET-token"], write: (l) => lines.push(l) });
    log.error("request failed", new Error("POST https://api.telegram.org/bot123456:SECRET-token/sendMessage"));
    expect(lines[0]).toContain("bot[redacted]/sendMessage");
    expect(lines[0]).not.toContain("SECRET");
  });
});

