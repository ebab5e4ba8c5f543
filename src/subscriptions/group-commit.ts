import type { Clock } from "./pacer.js";
import type { Store, StoreWrite } from "./store.js";

/** Most writes in one batch (one SQLite statement each for its sets and its deletes). */
export const GROUP_COMMIT_MAX_WRITES = 1_000;

interface Batch {
  writes: StoreWrite[];
  done: { resolve(): void; reject(err: unknown): void }[];
  /** Monotonic time by which it is to be written. */
  dueAt: number;
  cancel?: () => void;
}

/**
 * Writes many callers' writes as one `store.batch` (group commit). Each write says how long it may wait
 * for others (`withinMs`; 0: the next turn of the event loop); a batch is written once its earliest
 * deadline has come and the batch before it is kept, so batches never overtake one another, and what
 * arrives while one is being written joins the next. `write` resolves once its batch is kept. Values are
 * read when the batch is written: pass a copy of anything that changes before then.
 */
export class GroupCommit {
  /** Batches filled up, in order, waiting for the one being written. */
  private readonly full: Batch[] = [];
  private open: Batch | null = null;
  private openDue = false;
  private writing = false;

  constructor(
    private readonly store: Pick<Store, "batch">,
    private readonly clock: Pick<Clock, "monotonic" | "setTimer">,
    private readonly maxWrites = GROUP_COMMIT_MAX_WRITES,
  ) {}

  write(writes: readonly StoreWrite[], withinMs = 0): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.open && this.open.writes.length >= this.maxWrites) {
        this.open.cancel?.();
        this.full.push(this.open);
        this.open = null;
        this.openDue = false;
        this.next();
      }
      const batch = (this.open ??= { writes: [], done: [], dueAt: Infinity });
      batch.writes.push(...writes);
      batch.done.push({ resolve, reject });
      const dueAt = this.clock.monotonic() + withinMs;
      if (dueAt >= batch.dueAt) return;
      batch.dueAt = dueAt;
      batch.cancel?.();
      const due = () => {
        if (this.open !== batch) return;
        this.openDue = true;
        this.next();
      };
      if (withinMs > 0) batch.cancel = this.clock.setTimer(due, withinMs);
      else {
        const immediate = setImmediate(due);
        batch.cancel = () => clearImmediate(immediate);
      }
    });
  }

  /** Makes the batch being gathered due now (at stop, so nothing waits out its window). */
  flush(): void {
    if (!this.open?.writes.length) return;
    this.open.cancel?.();
    this.openDue = true;
    this.next();
  }

  private next(): void {
    if (this.writing) return;
    let batch = this.full.shift();
    if (!batch && this.open && this.openDue) {
      batch = this.open;
      this.open = null;
      this.openDue = false;
    }
    if (!batch) return;
    batch.cancel?.();
    this.writing = true;
    const { done } = batch;
    // Through a promise, so a batch that throws at once rejects its writers like one that fails later.
    Promise.resolve(batch.writes).then((writes) => this.store.batch(writes)).then(
      () => done.forEach((d) => d.resolve()),
      (err: unknown) => done.forEach((d) => d.reject(err)),
    ).finally(() => {
      this.writing = false;
      this.next();
    });
  }
}
