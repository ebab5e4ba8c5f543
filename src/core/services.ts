import type { Platform } from "./chat.js";
import type { Command } from "./command.js";
import type { Config } from "./config.js";
import type { FeedStatus } from "../feeds/poller.js";
import type { StoryLibrary } from "./library.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import type { SubscriptionService } from "./subscriptions.js";

/** Everything a command or an adapter may use; built once in main.ts (or by a test). */
export interface Services {
  config: Config;
  library: StoryLibrary;
  commands: CommandRegistry;
  log: Logger;
  /** Counters and timings for /metrics; absent when the HTTP listener is off (nothing is counted). */
  metrics?: Metrics;
  /** Absent where no store is configured (e.g. the one-shot `herald ask`). */
  subscriptions?: SubscriptionService;
  /** The followed news feeds' health (`/feeds`); absent where feeds are not polled. */
  feeds?: { status(): FeedStatus[] };
  /** The clock; tests control it. */
  now: () => Date;
  /** Told of every answer `answer()` gives (command, outcome, milliseconds): the hook for metrics. */
  onAnswered?: (event: Answered) => void;
}

export interface CommandRegistry {
  get(name: string): Command | undefined;
  all(): readonly Command[];
}

/** How an answer ended: "refused" is the person's mistake or lack of rights, "failed" is ours. */
export type Outcome = "ok" | "refused" | "failed";

/** One answer of `answer()`, as `Services.onAnswered` hears of it. */
export interface Answered {
  platform: Platform;
  /** The chat's id on its platform (for the log line; never the message text). */
  chatId: string;
  /** Undefined when the request named no known command (a bad button, an unknown command). */
  command: string | undefined;
  outcome: Outcome;
  ms: number;
}
