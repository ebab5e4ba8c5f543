import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Closes a spill file's descriptor once nothing points into it any more (the file was unlinked when made). */
const closeWhenUnreachable = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing is left to free.
  }
});

/**
 * Report texts in a file instead of the JS heap. 25,000 feed reports held about 8 MB of text that is
 * read only when someone opens their story; here each text is written once and read back with one
 * `pread` when asked for. The file is made in the system's temporary folder and unlinked at once: it
 * lives as long as the process (or, after `TextSpills` moves on to a new file, as long as some entry
 * still points into it) and is gone however the process ends. Where an open file cannot be unlinked
 * (Windows) or the folder cannot be written, there is no spill and texts stay in memory.
 */
export class TextSpill {
  #end = 0;

  private constructor(private readonly fd: number) {
    closeWhenUnreachable.register(this, fd);
  }

  /** A new spill file, or null when none can be made here. */
  static open(dir: string = tmpdir()): TextSpill | null {
    if (process.platform === "win32") return null;
    let folder: string | undefined;
    try {
      folder = mkdtempSync(join(dir, "herald-texts-"));
      const fd = openSync(join(folder, "texts"), "w+", 0o600);
      rmSync(folder, { recursive: true, force: true });
      return new TextSpill(fd);
    } catch {
      if (folder) rmSync(folder, { recursive: true, force: true });
      return null;
    }
  }

  /** Bytes written so far, texts no longer pointed to included. */
  get size(): number {
    return this.#end;
  }

  /** Writes the text at the end of the file: where it starts, or -1 when it could not be written (a full disk). */
  write(text: string): number {
    const bytes = Buffer.from(text, "utf8");
    const at = this.#end;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
    } catch {
      return -1;
    }
    this.#end += bytes.length;
    return at;
  }

  /** The text of `bytes` bytes written at `at`. */
  read(at: number, bytes: number): string {
    const buffer = Buffer.allocUnsafe(bytes);
    for (let done = 0; done < bytes; ) {
      const got = readSync(this.fd, buffer, done, bytes - done, at + done);
      if (got === 0) throw new Error(`the report texts file ends before byte ${at + bytes}: a report's text cannot be read`);
      done += got;
    }
    return buffer.toString("utf8");
  }
}

/** Where a text was written: its spill, start and length in bytes. */
export interface SpilledText {
  spill: TextSpill;
  at: number;
  bytes: number;
}

/**
 * The spill texts go to now. A file only grows (an updated or expired report leaves its old text
 * behind), so once it has grown to twice what was live when it began, and past `minBytes`, the live
 * texts are copied to a new file (`moveLive`); the old one is closed when no entry points into it.
 */
export class TextSpills {
  #current: TextSpill | null;
  #startedWith = 0;

  constructor(
    private readonly open: () => TextSpill | null = () => TextSpill.open(),
    private readonly minBytes = 32 * 1024 * 1024,
  ) {
    this.#current = open();
  }

  /** Writes the text; null when there is no spill or it could not be written (the caller keeps the text). */
  write(text: string): SpilledText | null {
    const spill = this.#current;
    if (!spill) return null;
    const at = spill.write(text);
    return at < 0 ? null : { spill, at, bytes: spill.size - at };
  }

  /** True when the current file holds more dead text than it should. */
  get due(): boolean {
    const size = this.#current?.size ?? 0;
    return size > this.minBytes && size > 2 * this.#startedWith;
  }

  /**
   * Starts a new file and calls `moveLive`, which copies each live text there (reading it from its old
   * place, writing it with `write`). Texts not moved stay readable in the old file. When no new file
   * can be made, the current one is kept and not tried again until it has doubled once more.
   */
  renew(moveLive: () => void): void {
    const next = this.open();
    if (!next) {
      this.#startedWith = this.#current?.size ?? 0;
      return;
    }
    this.#current = next;
    moveLive();
    this.#startedWith = next.size;
  }
}
