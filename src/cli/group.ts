import { loadConfig } from "../core/config.js";
import { CoverageGroups, type CoverageGroup } from "../core/coverage/index.js";
import { readStoryFile } from "../core/parse/index.js";
import type { Story } from "../core/story.js";
import { messageOf, storyFilesOf } from "./files.js";
import type { CliIO } from "./io.js";

export const GROUP_USAGE = "usage: herald group FILE_OR_FOLDER... [--json] [--explain ID ID]";

/**
 * `herald group PATH... [--json] [--explain A B]`: groups story documents into stories.
 * JSON: `[{ story, members }]` sorted by story; readable: each group with the evidence of its joins.
 */
export async function runGroup(args: string[], io: CliIO): Promise<number> {
  let json = false;
  let explain: [string, string] | null = null;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--explain") {
      const [a, b] = [args[i + 1], args[i + 2]];
      if (!a || !b || a.startsWith("-") || b.startsWith("-")) {
        io.err(`herald group: --explain needs two report ids, e.g. --explain 000_0ad91265f6a5c902 002_33a7eaefd00a5b9a\n${GROUP_USAGE}`);
        return 1;
      }
      explain = [a, b];
      i += 2;
    } else if (arg === "-h" || arg === "--help") {
      io.out(`${GROUP_USAGE}\n  --json          print [{ "story", "members" }], one element per story, sorted by story\n  --explain A B   say why the reports A and B were joined or kept apart`);
      return 0;
    } else if (arg.startsWith("-") && arg !== "-") {
      io.err(`herald group: unknown option ${arg} (known: --json, --explain ID ID)\n${GROUP_USAGE}`);
      return 1;
    } else paths.push(arg);
  }
  if (paths.length === 0) {
    io.err(`herald group: no file given\n${GROUP_USAGE}`);
    return 1;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    io.err(messageOf(err));
    return 1;
  }
  const { files, failed: unreadable } = await storyFilesOf(paths, io);
  let failed = unreadable;
  const groups = new CoverageGroups(config.coverage);
  const fileOf = new Map<string, string>();
  const storyOf = new Map<string, Story>();
  for (const file of files) {
    try {
      const { story } = await readStoryFile(file, { maxBytes: config.maxFileBytes });
      if (fileOf.has(story.id)) {
        io.err(`${file}: same story id "${story.id}" as ${fileOf.get(story.id)}; skipped`);
        failed = true;
        continue;
      }
      fileOf.set(story.id, file);
      storyOf.set(story.id, story);
      groups.add(story);
    } catch (err) {
      io.err(messageOf(err));
      failed = true;
    }
  }

  if (explain) {
    const [a, b] = explain;
    const unknown = [a, b].filter((id) => !fileOf.has(id));
    if (unknown.length) {
      io.err(`herald group --explain: no report with id ${unknown.map((id) => `"${id}"`).join(" or ")} among the files given`);
      return 1;
    }
    const comparison = groups.explain(a, b)!;
    const together = groups.groupOf(a)?.id === groups.groupOf(b)?.id;
    io.out(
      [
        `${a} and ${b}: ${together ? "in one story" : "in different stories"}`,
        `  rule: ${comparison.reason}`,
        ...evidenceLines(comparison),
        ...(together && !comparison.joined ? [`  they are in one story through other reports of it (${groups.groupOf(a)!.members.join(", ")})`] : []),
        ...(!together && comparison.joined ? ["  kept apart anyway: a report of one story has a time frame that does not meet a report of the other"] : []),
      ].join("\n"),
    );
    return failed ? 1 : 0;
  }

  const all = groups.groups();
  if (json) io.out(JSON.stringify(all.map((g) => ({ story: g.id, members: g.members })), null, 2));
  else io.out(all.map((g) => renderGroup(g, storyOf, groups)).join("\n\n"));
  return failed ? 1 : 0;
}

function evidenceLines(c: ReturnType<CoverageGroups["explain"]> & object): string[] {
  const line = (label: string, items: string[]): string[] => (items.length ? [`  ${label}: ${items.join("; ")}`] : []);
  return [
    ...line("people", c.people),
    ...line("organisations", c.organisations),
    ...line("places", c.places),
    ...line("dates both state", c.days),
    `  wording in common: ${Math.round(c.similarity * 100)}%; score ${c.score}; time frames ${c.timeCompatible ? "meet" : "do not meet"}`,
  ];
}

function renderGroup(group: CoverageGroup, storyOf: ReadonlyMap<string, Story>, groups: CoverageGroups): string {
  const lines = [`Story ${group.id} (${group.members.length} ${group.members.length === 1 ? "report" : "reports"})`];
  for (const id of group.members) {
    const story = storyOf.get(id)!;
    const origin = story.outlet ?? story.outlets[0] ?? null;
    lines.push(`  ${id === group.id ? "*" : "-"} ${id}  ${story.title}${origin ? `  (${origin})` : ""}`);
  }
  for (const join of group.joins) {
    lines.push(`  joined ${join.a} + ${join.b}:`, ...evidenceLines(groups.explain(join.a, join.b)!).map((l) => `  ${l}`));
  }
  return lines.join("\n");
}
