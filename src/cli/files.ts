import { stat } from "node:fs/promises";
import { isHeraldError } from "../core/errors.js";
import { listStoryFiles } from "../core/parse/index.js";
import type { CliIO } from "./io.js";

export const messageOf = (err: unknown): string => (isHeraldError(err) ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`);

/** The story files named on a command line: a folder stands for its .txt files, sorted by name. */
export async function storyFilesOf(paths: string[], io: CliIO): Promise<{ files: string[]; folderGiven: boolean; failed: boolean }> {
  let failed = false;
  let folderGiven = false;
  const files: string[] = [];
  for (const path of paths) {
    const isFolder = await stat(path).then((s) => s.isDirectory(), () => false);
    if (!isFolder) {
      files.push(path);
      continue;
    }
    folderGiven = true;
    try {
      const found = await listStoryFiles(path);
      if (found.length === 0) {
        io.err(`${path}: no .txt story files in this folder`);
        failed = true;
      }
      files.push(...found);
    } catch (err) {
      io.err(messageOf(err));
      failed = true;
    }
  }
  return { files, folderGiven, failed };
}
