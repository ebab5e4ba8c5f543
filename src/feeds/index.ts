import cron, { type ScheduledTask } from "node-cron";
import type { Services } from "../core/services.js";
import type { StoryIndex } from "../core/story-index.js";
import type { Store } from "../subscriptions/store.js";
import { DEFAULT_LIMITS, FeedClient } from "./client.js";
import { libraryReportSink } from "./library-sink.js";
import { FeedPoller } from "./poller.js";

export { FeedClient } from "./client.js";
export { FeedPoller, type FeedStatus, type ReportSink } from "./poller.js";
export { readFeed } from "./reader.js";

export interface FeedsRuntime {
  poller: FeedPoller;
  stop(): Promise<void>;
}

export interface StartFeedsOptions {
  services: Services;
  store: Store;
  library: StoryIndex;
  /** Poll (true) or only load the stored reports (a Discord shard that is not the primary). */
  poll: boolean;
  /** Length of a minute for `everyMinutes` and the tick (tests: `HERALD_FEEDS_MINUTE_MS`). */
  minuteMs?: number;
}

/**
 * Follows the configured feeds: loads their stored reports into the library, then (when `poll`)
 * polls the due ones on a node-cron tick once a minute. Does nothing when no feed is configured.
 */
export async function startFeeds({ services, store, library, poll, minuteMs = 60_000 }: StartFeedsOptions): Promise<FeedsRuntime | null> {
  const { config, log } = services;
  if (!config.feeds.sources.length) return null;
  const client = new FeedClient({ ...DEFAULT_LIMITS, allowPrivate: config.feeds.allowPrivateAddresses });
  const poller = new FeedPoller({ sources: config.feeds.sources, settings: config.feeds, store, client, sink: libraryReportSink(library, services.now), log, now: services.now, minuteMs, metrics: services.metrics });
  await poller.start();
  services.feeds = poller;
  services.metrics?.gauge("feeds", () => {
    const counts = new Map<string, number>();
    for (const { health } of poller.status()) counts.set(health, (counts.get(health) ?? 0) + 1);
    return [...counts].map(([health, value]) => ({ labels: { health }, value }));
  });
  let task: ScheduledTask | null = null;
  if (poll) {
    const seconds = Math.max(1, Math.round(minuteMs / 1000));
    const run = () => poller.tick().catch((err: unknown) => log.error("feeds: poll cycle failed", err));
    task = cron.schedule(seconds >= 60 ? "* * * * *" : `*/${seconds} * * * * *`, run, { name: "herald-feeds", noOverlap: true });
    void run();
  }
  return {
    poller,
    async stop() {
      await task?.destroy();
      await poller.idle();
      await client.close();
    },
  };
}
