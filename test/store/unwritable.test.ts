import { spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Chat } from "grammy/types";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createStore } from "../../src/subscriptions/store.js";
import { startFakeTelegramApi, updates, type FakeTelegramApi } from "../fakes/telegram-api.js";
import { startHerald, waitUntil, type HeraldProcess } from "../helpers/process.js";

/**
 * The SQLite file or its folder made unwritable while the real process runs (`npm start` against the fake
 * Telegram API). Tests run as root here and in CI, and root ignores permission bits, so unwritability is
 * made two ways that hold for root too: the immutable flag (`chattr +i`, which ext4 enforces even on files
 * already open), and permission bits with Herald started without root's override (`setpriv` drops
 * CAP_DAC_OVERRIDE; not needed when the tests do not run as root). Each case skips, saying why, where the
 * machine cannot do it.
 */

const work = mkdtempSync(path.join(tmpdir(), "herald-unwritable-"));
afterAll(() => {
  spawnSync("chattr", ["-R", "-i", work]);
  rmSync(work, { recursive: true, force: true });
});

const run = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore" }).status === 0;

/** Whether `chattr +i` works on this file system and stops a write even by root. */
function immutableWorks(): boolean {
  const probe = path.join(work, "probe-immutable");
  writeFileSync(probe, "");
  if (!run("chattr", ["+i", probe])) return false;
  try {
    accessSync(probe, constants.W_OK);
    return false;
  } catch {
    return true;
  } finally {
    run("chattr", ["-i", probe]);
  }
}

/** How to start Herald so that permission bits apply to it: as is when not root, else under setpriv. */
function permissionsWrapper(): string[] | undefined {
  const probe = path.join(work, "probe-mode");
  writeFileSync(probe, "");
  chmodSync(probe, 0o444);
  const wrapper = process.getuid?.() === 0 ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] : [];
  const [command, ...args] = [...wrapper, "sh", "-c", `test -w '${probe}'`];
  const result = spawnSync(command!, args, { stdio: "ignore" });
  return result.status === 1 ? wrapper : undefined;
}

const immutable = immutableWorks();
const wrapper = permissionsWrapper();
const otherChat: Chat = { id: 43, type: "private", first_name: "Bo" } as Chat;

// Each case starts the real process once; start-up takes several seconds on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });
let telegram: FakeTelegramApi | undefined;
let herald: HeraldProcess | undefined;
afterEach(async () => {
  herald?.child.kill("SIGKILL");
  await herald?.exited;
  herald = undefined;
  await telegram?.close();
  telegram = undefined;
});

/** Sends `/subscribe time:HH:MM` from `chat` and returns the text Herald answered. */
async function subscribe(chat: Chat, time: string): Promise<string> {
  const since = telegram!.mark();
  telegram!.pushUpdate(updates.command(`/subscribe time:${time}`, chat));
  const answer = await telegram!.waitFor("sendMessage", { since, timeoutMs: 30_000 });
  return String(answer.payload.text);
}

/**
 * Starts Herald on a fresh SQLite file, subscribes one chat, breaks the store with `breakIt`, and checks
 * that a second chat is refused as "temporarily unavailable" (never "Subscribed"), that one log line names
 * `target`, and that once `repair` ran the second chat subscribes and both subscriptions are on disk.
 */
async function refusesWhileUnwritable(name: string, target: (file: string) => string, breakIt: (t: string) => void, repair: (t: string) => void, wrap?: string[]) {
  telegram = await startFakeTelegramApi();
  const folder = path.join(work, name);
  mkdirSync(folder);
  const file = path.join(folder, "herald.sqlite");
  const url = `sqlite:${file}`;
  // A 1 s lease: the heartbeat (a third of it) checks the file without waiting for a write.
  herald = startHerald(
    { TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, HERALD_STORE: url, HERALD_LEASE_SECONDS: "1" },
    undefined,
    { wrapper: wrap },
  );
  const logs = () => herald!.output().stderr;
  await waitUntil(() => logs().includes("telegram is running"), "the bot", { context: logs });
  expect(await subscribe(updates.privateChat, "07:30")).toContain("Subscribed");

  breakIt(target(file));
  try {
    await waitUntil(() => logs().includes("cannot be written"), "the unwritable store to be noticed", { context: logs });
    const refused = await subscribe(otherChat, "08:15");
    expect(refused).not.toContain("Subscribed");
    expect(refused).toContain("temporarily unavailable");
    const named = logs().split("\n").filter((l) => l.includes("cannot be written"));
    expect(named, named.join("\n")).toHaveLength(1);
    expect(named[0]).toContain(`${target(file)} cannot be written`);
  } finally {
    repair(target(file));
  }

  await waitUntil(() => logs().includes("answers again; work resumes"), "work to resume", { context: logs });
  expect(await subscribe(otherChat, "08:15")).toContain("Subscribed");
  herald.child.kill("SIGTERM");
  expect(await herald.exited).toBe(0);
  const store = await createStore(url);
  expect(await store.space("subs").get("telegram:42")).toBeTruthy();
  expect(JSON.stringify(await store.space("subs").get("telegram:43"))).toContain("08:15");
  await store.close();
}

describe.skipIf(!immutable)("a SQLite store made immutable while Herald runs (skipped: chattr +i does not work on this file system or without CAP_LINUX_IMMUTABLE)", () => {
  const chattr = (flag: string) => (target: string) => expect(run("chattr", [flag, target])).toBe(true);

  it("refuses /subscribe while the file is immutable, logs it once naming the file, and resumes", async () => {
    await refusesWhileUnwritable("file-immutable", (file) => file, chattr("+i"), chattr("-i"));
  });

  it("refuses /subscribe while the folder is immutable, logs it once naming the folder, and resumes", async () => {
    await refusesWhileUnwritable("folder-immutable", (file) => path.dirname(file), chattr("+i"), chattr("-i"));
  });
});

describe.skipIf(!wrapper)("a SQLite file whose write permission is removed while Herald runs (skipped: running as root and setpriv cannot drop CAP_DAC_OVERRIDE)", () => {
  it("stops at start with one line naming a read-only file, instead of opening it read-only", async () => {
    const file = path.join(work, "read-only-at-start.sqlite");
    const store = await createStore(`sqlite:${file}`);
    await store.close();
    chmodSync(file, 0o444);
    herald = startHerald({ HERALD_STORE: `sqlite:${file}` }, "/headline\n", { wrapper });
    expect(await herald.exited).toBe(1);
    expect(herald.output().stderr).toBe(
      `Herald cannot start; fix the configuration:\nstore: the SQLite file ${file} cannot be written (EACCES). Make it writable by the user Herald runs as and start again.\n`,
    );
  });

  it("refuses /subscribe while the file is read-only, logs it once naming the file, and resumes", async () => {
    await refusesWhileUnwritable(
      "file-mode",
      (file) => file,
      (file) => chmodSync(file, 0o444),
      (file) => chmodSync(file, 0o644),
      wrapper,
    );
  });
});
