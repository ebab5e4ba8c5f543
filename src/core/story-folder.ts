import { watch, type FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { HeraldError, isHeraldError } from "./errors.js";
import type { StoryChange, StoryEntry } from "./library.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { readStoryFile, storyIdFromPath } from "./parse/index.js";
import type { Story, TimelineEvent } from "./story.js";
import { newestEventTime, StoryIndex } from "./story-index.js";

/** Editors write a file in several steps; wait this long after the last event before re-reading it. */
export const WATCH_SETTLE_MS = 150;

export interface FolderLibraryOptions {
  dir: string;
  maxBytes: number;
  log: Logger;
  /** Counts documents that could not be read or parsed. */
  metrics?: Metrics;
  now?: () => Date;
  /** Follow changes on disk (default true). */
  watch?: boolean;
}

const STORY_FILE = /\.txt$/i;

const eventKey = (e: TimelineEvent): string => `${e.date.iso}|${e.text}`;

/** What changed between two versions of a story, as the digest and update notices need it. */
export function diffStories(
  before: StoryEntry | undefined,
  after: StoryEntry,
  at: Date,
): StoryChange {
  const old = before?.story;
  const known = new Set(old?.timeline.map(eventKey));
  return {
    type: old ? "updated" : "added",
    storyId: after.story.id,
    title: after.story.title,
    version: after.version,
    previousVersion: before?.version ?? null,
    newEvents: after.story.timeline.filter((e) => !known.has(eventKey(e))),
    articleCount:
      old && old.articleCount !== after.story.articleCount ? { from: old.articleCount, to: after.story.articleCount } : null,
    titleChange: old && old.title !== after.story.title ? { from: old.title, to: after.story.title } : null,
    at,
  };
}

/** The library of a stories folder: loaded at start, then kept current by watching the folder. */
export class FolderLibrary extends StoryIndex {
  private watcher: FSWatcher | undefined;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Serialises reloads so two events for one file cannot interleave. */
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly options: FolderLibraryOptions) {
    super();
    this.now = options.now ?? (() => new Date());
  }

  /** Reads every document; a bad one is logged with its name and skipped. */
  async load(): Promise<void> {
    const entries = await readdir(this.options.dir).catch((cause: NodeJS.ErrnoException) => {
      const why = cause.code === "ENOENT" ? "does not exist" : cause.code === "ENOTDIR" ? "is not a folder" : `cannot be read (${cause.code})`;
      throw new HeraldError("bad_config", `seedsDir: the stories folder "${this.options.dir}" ${why} (set HERALD_SEEDS_DIR)`, { cause });
    });
    const names = entries.filter((n) => STORY_FILE.test(n)).sort();
    for (const name of names) {
      const file = path.join(this.options.dir, name);
      const loaded = await this.read(file);
      if (loaded && loaded !== "missing") this.put({ ...loaded, file, updatedAt: newestEventTime(loaded.story) });
    }
    this.options.log.info(`library: ${this.list().length} stories loaded from ${this.options.dir}`);
    if (this.options.watch ?? true) this.startWatching();
  }

  /** Re-reads one file now and reports what changed (also what the watcher calls). */
  refresh(name: string): Promise<void> {
    this.queue = this.queue.then(() => this.reload(name)).catch((err) => this.options.log.error(`library: reload of ${name} failed`, err));
    return this.queue;
  }

  close(): void {
    this.watcher?.close();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private startWatching(): void {
    this.watcher = watch(this.options.dir, (_event, name) => {
      if (!name) return void this.rescan();
      if (!STORY_FILE.test(name)) return;
      clearTimeout(this.pending.get(name));
      this.pending.set(
        name,
        setTimeout(() => {
          this.pending.delete(name);
          void this.refresh(name);
        }, WATCH_SETTLE_MS),
      );
    });
    this.watcher.on("error", (err) => this.options.log.warn(`library: watching ${this.options.dir} failed`, err));
  }

  /** When the platform does not say which file changed, look at all of them. */
  private async rescan(): Promise<void> {
    const names = new Set((await readdir(this.options.dir).catch(() => [])).filter((n) => STORY_FILE.test(n)));
    for (const entry of this.list()) names.add(path.basename(entry.file));
    for (const name of names) await this.refresh(name);
  }

  private async reload(name: string): Promise<void> {
    const file = path.join(this.options.dir, name);
    const id = storyIdFromPath(file);
    const before = this.get(id);
    const loaded = await this.read(file, before !== undefined);
    if (loaded === "missing") {
      if (!before) return;
      this.remove(id);
      this.options.log.info(`library: ${name} removed`);
      this.emit({
        type: "removed",
        storyId: id,
        title: before.story.title,
        version: before.version,
        previousVersion: before.version,
        newEvents: [],
        articleCount: null,
        titleChange: null,
        at: this.now(),
      });
      return;
    }
    if (!loaded || loaded.version === before?.version) return;
    const at = this.now();
    const entry: StoryEntry = { ...loaded, file, updatedAt: at.getTime() };
    this.put(entry);
    this.options.log.info(`library: ${name} ${before ? "changed" : "added"} (version ${loaded.version})`);
    this.emit(diffStories(before, entry, at));
  }

  /**
   * Reads and parses a document. A bad one is logged and yields undefined (the last good version
   * stays); a file that no longer exists yields "missing".
   */
  private async read(file: string, hadGoodVersion = false): Promise<{ story: Story; version: string } | undefined | "missing"> {
    if (!(await stat(file).catch(() => undefined))?.isFile()) return "missing";
    try {
      return await readStoryFile(file, { maxBytes: this.options.maxBytes });
    } catch (err) {
      const why = isHeraldError(err) ? err.message : String(err);
      this.options.metrics?.inc("parse_failures_total", {});
      this.options.log.warn(`library: skipped ${why}${hadGoodVersion ? " (keeping the last good version)" : ""}`);
      return undefined;
    }
  }
}

/** Loads the stories folder and (unless `watch: false`) follows it. */
export async function createLibrary(options: FolderLibraryOptions): Promise<FolderLibrary> {
  const library = new FolderLibrary(options);
  await library.load();
  return library;
}
