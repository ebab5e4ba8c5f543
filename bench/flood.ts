/**
 * How long a flood of story files takes to be read and announced: N files written at once into the
 * watched stories folder of the real core, three chats following update notices (memory store, system
 * clock, 1 s notice settle time so the figure is the reading, not the wait).
 *   npx tsx bench/flood.ts [files=10000] [runs=3]
 */
import { loadavg } from "node:os";
import { chat } from "../test/subscriptions/helpers.js";
import { floodDocument, runFlood } from "../test/helpers/flood.js";

const files = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 3);
const topic = /^(\S+) harbour/.exec(floodDocument(Math.floor(files / 2)))![1]!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const samples = { written: [] as number[], read: [] as number[], noticed: [] as number[], notices: [] as number[], logLines: [] as number[] };
for (let run = 0; run < runs; run++) {
  const result = await runFlood({
    files,
    chats: [{ chat: chat("1", "private") }, { chat: chat("2", "group") }, { chat: chat("3", "private"), topic }],
    noticeSettleSeconds: 1,
    quietMs: 3_000,
    deadlineMs: 600_000,
  });
  samples.written.push(result.writtenMs);
  samples.read.push(result.readMs);
  samples.noticed.push(result.noticedMs);
  samples.notices.push([...result.sent.values()].reduce((n, sent) => n + sent.length, 0));
  samples.logLines.push(result.libraryLines.length);
  console.log(
    `run ${run + 1}: written ${Math.round(result.writtenMs)} ms, read ${Math.round(result.readMs)} ms, every chat told ${Math.round(result.noticedMs)} ms; ` +
      `${samples.notices.at(-1)} notices, ${samples.logLines.at(-1)} library log lines; load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`,
  );
}
console.log(
  `median of ${runs}, ${files} files: written ${Math.round(median(samples.written))} ms, all read ${Math.round(median(samples.read))} ms ` +
    `(${((median(samples.read) / files) * 1000).toFixed(0)} µs/file), every chat told ${Math.round(median(samples.noticed))} ms`,
);
