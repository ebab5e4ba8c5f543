import { watch, type FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { HeraldError, isHeraldError } from "./errors.js";
import type { StoryChange, StoryEntry } from "./library.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { readStoryFile, storyIdFromPath } from "./parse/index.js";
import { eventKey, type Story } from "./story.js";
import { newestEventTime, StoryIndex } from "./story-index.js";

/** Editors write a file in several steps; wait this long after the last event before re-reading it. */
export const WATCH_SETTLE_MS = 150;
/** While the stories folder is gone, how often to look for it again. */
export const FOLDER_RETRY_MS = 1_000;
/** Default interval of the polling fallback (for file systems where fs.watch misses events). */
export const FOLDER_POLL_MS = 30_000;
/** File changes logged one by one before the rest of a burst is summarised in one line. */
export const CHANGE_LOG_BURST = 20;
/** Quiet time that ends a burst of changes (for logging). */
const CHANGE_LOG_QUIET_MS = 10_000;
/** During a long burst, how often a line says how many more files changed so far. */
const CHANGE_LOG_PROGRESS_MS = 60_000;
/**
 * Longest time changes read in one burst are held back so they reach listeners together (a folder that
 * never stops changing still gets its changes out, in several groups).
 */
export const FLOOD_HOLD_MAX_MS = 5 * 60_000;

export interface FolderLibraryOptions {
  dir: string;
  maxBytes: number;
  log: Logger;
  /** Counts documents that could not be read or parsed. */
  metrics?: Metrics;
  now?: () => Date;
  /** Follow changes on disk (default true). */
  watch?: boolean;
  /** Also compare the folder with what is loaded this often (ms); 0 turns the polling fallback off. */
  pollMs?: number;
}

const STORY_FILE = /\.txt$/i;


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

/**
 * Logs the first CHANGE_LOG_BURST file changes of a burst one by one, then one line a minute while it
 * lasts and one when it ends (CHANGE_LOG_QUIET_MS without a change): 10,000 files give about 22 lines.
 */
class ChangeLog {
  private lastAt = 0;
  private logged = 0;
  private held = 0;
  private summarisedAt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger) {}

  line(message: string): void {
    const now = Date.now();
    if (now - this.lastAt > CHANGE_LOG_QUIET_MS) {
      this.flush();
      this.logged = 0;
      this.summarisedAt = now;
    }
    this.lastAt = now;
    if (this.logged++ < CHANGE_LOG_BURST) return this.log.info(message);
    this.held++;
    if (now - this.summarisedAt >= CHANGE_LOG_PROGRESS_MS) {
      this.log.info(`library: ${this.held} more files changed so far (not logged one by one; still reading)`);
      this.held = 0;
      this.summarisedAt = now;
    }
    this.timer ??= setTimeout(() => this.endIfQuiet(), CHANGE_LOG_QUIET_MS).unref();
  }

  private endIfQuiet(): void {
    this.timer = undefined;
    const quietMs = Date.now() - this.lastAt;
    if (quietMs < CHANGE_LOG_QUIET_MS) this.timer = setTimeout(() => this.endIfQuiet(), CHANGE_LOG_QUIET_MS - quietMs).unref();
    else this.flush();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held) this.log.info(`library: ${this.held} more files changed (not logged one by one)`);
    this.held = 0;
  }
}

/** The library of a stories folder: loaded at start, then kept current by watching the folder. */
export class FolderLibrary extends StoryIndex {
  private watcher: FSWatcher | undefined;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Serialises reloads so two events for one file cannot interleave. */
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  /** Each loaded file's modification time and size, for the polling fallback. */
  private readonly stamps = new Map<string, string>();
  /**
   * The file name of each story this folder put in the library, by story id. Feed reports share the
   * library (25,000 of them with 500 feeds): polling and rescans look at the folder's own entries only.
   */
  private readonly fileNames = new Map<string, string>();
  /** True while the folder is missing: the last good library is kept. */
  private gone = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly changeLog: ChangeLog;
  /** Reads queued or running. */
  private backlog = 0;
  /**
   * Changes read while more reads are waiting: a flood (a bulk import, a restored backup) reaches the
   * listeners in one go once its files are read, so update notices group it as one, however long the
   * reading takes.
   */
  private held: StoryChange[] = [];
  private heldSince = 0;

  constructor(private readonly options: FolderLibraryOptions) {
    super();
    this.now = options.now ?? (() => new Date());
    this.changeLog = new ChangeLog(options.log);
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
      if (loaded && loaded !== "missing") this.putFile({ ...loaded, file, updatedAt: newestEventTime(loaded.story) });
    }
    this.options.log.info(`library: ${this.list().length} stories loaded from ${this.options.dir}`);
    if (this.options.watch ?? true) {
      this.startWatching();
      this.schedulePoll();
    }
  }

  /** Re-reads one file now and reports what changed (also what the watcher calls). */
  refresh(name: string): Promise<void> {
    this.backlog++;
    this.queue = this.queue
      .then(() => this.reload(name))
      .catch((err) => this.options.log.error(`library: reload of ${name} failed`, err))
      .then(() => {
        this.backlog--;
        if (!this.backlog && !this.pending.size) this.release();
      });
    return this.queue;
  }

  /** Holds a change until the reads waiting behind it are done (or it waited FLOOD_HOLD_MAX_MS). */
  private hold(change: StoryChange): void {
    if (!this.held.length) this.heldSince = Date.now();
    this.held.push(change);
    if (Date.now() - this.heldSince >= FLOOD_HOLD_MAX_MS) this.release();
  }

  private release(): void {
    const changes = this.held;
    this.held = [];
    for (const change of changes) this.emit(change);
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.pollTimer);
    this.changeLog.flush();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** The next look at the folder: soon while it is gone, else at the polling interval (if any). */
  private schedulePoll(): void {
    if (this.closed) return;
    const every = this.gone ? FOLDER_RETRY_MS : (this.options.pollMs ?? FOLDER_POLL_MS);
    if (!every) return;
    this.pollTimer = setTimeout(() => {
      void this.poll().finally(() => this.schedulePoll());
    }, every);
    this.pollTimer.unref();
  }

  /** Compares the folder with what is loaded: a file whose time or size changed, appeared or went is re-read. */
  async poll(): Promise<void> {
    const names = await this.listFolder();
    if (!names) return;
    if (this.gone) {
      this.gone = false;
      this.options.log.info(`library: the stories folder ${this.options.dir} is back; watching it again`);
      this.watcher?.close();
      this.startWatching();
    }
    const changed = new Set<string>();
    for (const name of this.fileNames.values()) if (!names.includes(name)) changed.add(name);
    for (const name of names) {
      const stamp = await this.stampOf(path.join(this.options.dir, name));
      if (stamp !== this.stamps.get(name)) changed.add(name);
    }
    // Queued together, so what changed is held and announced together.
    await Promise.all([...changed].map((name) => this.refresh(name)));
  }

  /** The story files in the folder, or undefined (after saying so, once) when the folder is gone. */
  private async listFolder(): Promise<string[] | undefined> {
    try {
      return (await readdir(this.options.dir)).filter((n) => STORY_FILE.test(n));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") {
        this.options.log.warn(`library: cannot read the stories folder ${this.options.dir} (${code})`);
        return undefined;
      }
      if (!this.gone) {
        this.gone = true;
        this.watcher?.close();
        this.watcher = undefined;
        this.options.log.warn(
          `library: the stories folder ${this.options.dir} is gone; keeping the last ${this.list().length} stories until it is back`,
        );
        clearTimeout(this.pollTimer);
        this.schedulePoll();
      }
      return undefined;
    }
  }

  private async folderPresent(): Promise<boolean> {
    if ((await stat(this.options.dir).catch(() => undefined))?.isDirectory()) return true;
    return (await this.listFolder()) !== undefined;
  }

  private putFile(entry: StoryEntry): void {
    this.put(entry);
    this.fileNames.set(entry.story.id, path.basename(entry.file));
  }

  private async stampOf(file: string): Promise<string | undefined> {
    const info = await stat(file).catch(() => undefined);
    return info?.isFile() ? `${info.mtimeMs}:${info.size}` : undefined;
  }

  private startWatching(): void {
    this.watcher = watch(this.options.dir, (_event, name) => {
      if (!name) return void this.rescan();
      // Linux reports the watched folder's own removal as a "rename" of its name.
      if (!STORY_FILE.test(name)) return void this.folderPresent();
      clearTimeout(this.pending.get(name));
      this.pending.set(
        name,
        setTimeout(() => {
          this.pending.delete(name);
          void this.refresh(name);
        }, WATCH_SETTLE_MS),
      );
    });
    // The folder itself was removed or moved: keep the library and look for the folder again.
    this.watcher.on("error", () => void this.listFolder());
  }

  /** When the platform does not say which file changed, look at all of them. */
  private async rescan(): Promise<void> {
    const listed = await this.listFolder();
    if (!listed) return;
    const names = new Set(listed);
    for (const name of this.fileNames.values()) names.add(name);
    await Promise.all([...names].map((name) => this.refresh(name)));
  }

  private async reload(name: string): Promise<void> {
    const file = path.join(this.options.dir, name);
    const id = storyIdFromPath(file);
    const before = this.get(id);
    const loaded = await this.read(file, before !== undefined);
    if (loaded === "missing") {
      this.stamps.delete(name);
      // A file missing because its folder went away is kept: the last good library stays.
      if (!before || !(await this.folderPresent())) return;
      this.remove(id);
      this.fileNames.delete(id);
      this.changeLog.line(`library: ${name} removed`);
      this.hold({
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
    this.putFile(entry);
    this.changeLog.line(`library: ${name} ${before ? "changed" : "added"} (version ${loaded.version})`);
    this.hold(diffStories(before, entry, at));
  }

  /**
   * Reads and parses a document. A bad one is logged and yields undefined (the last good version
   * stays); a file that no longer exists yields "missing".
   */
  private async read(file: string, hadGoodVersion = false): Promise<{ story: Story; version: string } | undefined | "missing"> {
    const stamp = await this.stampOf(file);
    if (!stamp) return "missing";
    // Recorded before reading: a write during the read changes the stamp, so the next poll reads again.
    this.stamps.set(path.basename(file), stamp);
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
