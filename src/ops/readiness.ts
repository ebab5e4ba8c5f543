/** A check `/readyz` runs: true when that part of Herald can do its work. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

/** How long one check may take before it counts as failed (a store that hangs is not ready). */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

/**
 * The parts `/readyz` reports on (store, each platform, the story library). A part is declared with
 * `expect` before it starts, so Herald is not ready while it is still starting.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  /** Declares a part that is not ready until `set` gives its check. */
  expect(name: string): void {
    if (!this.checks.has(name)) this.checks.set(name, () => false);
  }

  set(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Runs every check at once; a check that throws or times out is false. */
  async report(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READINESS_CHECK_TIMEOUT_MS)));
        const ok = await Promise.race([Promise.resolve().then(check).catch(() => false), timeout]);
        clearTimeout(timer);
        return [name, ok === true] as const;
      }),
    );
    const checks = Object.fromEntries(entries);
    return { ready: entries.length > 0 && entries.every(([, ok]) => ok), checks };
  }
}
