import { loadConfig } from "../core/config.js";
import { readStoryFile } from "../core/parse/index.js";
import { StorySchema, type Story } from "../core/story.js";
import { messageOf, storyFilesOf } from "./files.js";
import type { CliIO } from "./io.js";
import { renderStoryBriefing } from "./render-story.js";

export const PARSE_USAGE = "usage: herald parse FILE_OR_FOLDER... [--json]";


/** `herald parse FILE... [--json]`: parses story documents; a bad file gets one line on stderr and exit code 1. */
export async function runParse(args: string[], io: CliIO): Promise<number> {
  let json = false;
  const paths: string[] = [];
  for (const arg of args) {
    if (arg === "--json") json = true;
    else if (arg === "-h" || arg === "--help") {
      io.out(`${PARSE_USAGE}\n  --json  print the Story model as JSON (one object for one file, an array otherwise)`);
      return 0;
    } else if (arg.startsWith("-") && arg !== "-") {
      io.err(`herald parse: unknown option ${arg} (only --json is known)\n${PARSE_USAGE}`);
      return 1;
    } else paths.push(arg);
  }
  if (paths.length === 0) {
    io.err(`herald parse: no file given\n${PARSE_USAGE}`);
    return 1;
  }
  let maxBytes: number;
  try {
    maxBytes = loadConfig().maxFileBytes;
  } catch (err) {
    io.err(messageOf(err));
    return 1;
  }

  const { files, folderGiven, failed: unreadable } = await storyFilesOf(paths, io);
  let failed = unreadable;

  const stories: Story[] = [];
  const briefings: string[] = [];
  for (const file of files) {
    try {
      const { story } = await readStoryFile(file, { maxBytes });
      const checked = StorySchema.safeParse(story);
      if (!checked.success) {
        io.err(`${file}: parsed into an invalid story (${checked.error.issues[0]?.message ?? "schema mismatch"}); please report this file`);
        failed = true;
        continue;
      }
      stories.push(checked.data);
      if (!json) briefings.push(renderStoryBriefing(checked.data, file));
    } catch (err) {
      io.err(messageOf(err));
      failed = true;
    }
  }

  if (json) {
    const single = files.length === 1 && !folderGiven;
    if (single ? stories.length === 1 : true) io.out(JSON.stringify(single ? stories[0] : stories, null, 2));
  } else if (briefings.length) {
    io.out(briefings.join(`\n\n${"─".repeat(40)}\n\n`));
  }
  return failed ? 1 : 0;
}
