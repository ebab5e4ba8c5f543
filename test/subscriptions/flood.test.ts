import { describe, expect, it } from "vitest";
import { chatKey } from "../../src/core/chat.js";
import { floodDocument, runFlood } from "../helpers/flood.js";
import { chat, textOf } from "./helpers.js";

/**
 * The flood: 10,000 story files appearing at once in the watched folder. Run over the real core
 * (folder watcher, coverage grouping) and subscription service on the system clock, without the whole
 * process (start-up and the fake platform would add nothing but time here; the process tests cover those).
 * Its time is measured in bench/flood.ts, not here.
 */

const FILES = 10_000;
const follower = chat("3", "private");
/** A word only story 5000 has (floodDocument gives each file a made-up name of its own). */
const topic = /^(\S+) harbour/.exec(floodDocument(5000))![1]!;

describe("a flood of 10,000 story files", () => {
  it("gives each chat one grouped notice, a follower of one story that story's notice, and summarises the log", async () => {
    // A 1 s settle time caps a batch at 3 s: reading 10,000 files takes longer, so only holding the
    // folder's changes until its backlog is read keeps the flood in one notice.
    const result = await runFlood({
      files: FILES,
      chats: [{ chat: chat("1", "private") }, { chat: chat("2", "group") }, { chat: follower, topic }],
      noticeSettleSeconds: 1,
      quietMs: 8_000,
      deadlineMs: 300_000,
    });
    expect(result.stories.after - result.stories.before).toBe(FILES);
    for (const id of ["1", "2"]) {
      const sent = result.sent.get(chatKey(chat(id)))!;
      expect(sent.map((s) => s.reply.title)).toEqual([`${FILES.toLocaleString("en")} stories updated`]);
      expect(textOf(sent[0]!.reply)).toContain(`…and ${(FILES - 10).toLocaleString("en")} more.`);
    }
    expect(result.sent.get(chatKey(follower))!.map((s) => s.reply.title)).toEqual([expect.stringMatching(new RegExp(`^New story: ${topic} harbour`))]);

    // 20 files one by one, then summaries: one line a minute while the reading lasts, one at its end.
    const one = result.libraryLines.filter((l) => /flood-\d+\.txt added/.test(l));
    expect(one).toHaveLength(20);
    const summaries = result.libraryLines.filter((l) => l.includes("more files changed"));
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(summaries.length).toBeLessThanOrEqual(1 + Math.ceil(result.noticedMs / 60_000));
    expect(result.lines.filter((l) => l.includes(`${FILES} story changes announced in 3 notices`))).toHaveLength(1);
  }, 400_000);
});
