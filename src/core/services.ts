import type { Command } from "./command.js";
import type { Config } from "./config.js";
import type { FeedStatus } from "../feeds/poller.js";
import type { StoryLibrary } from "./library.js";
import type { Logger } from "./log.js";
import type { SubscriptionService } from "./subscriptions.js";

/** Everything a command or an adapter may use; built once in main.ts (or by a test). */
export interface Services {
  config: Config;
  library: StoryLibrary;
  commands: CommandRegistry;
  log: Logger;
  /** Absent where no store is configured (e.g. the one-shot `herald ask`). */
  subscriptions?: SubscriptionService;
  /** The followed news feeds' health (`/feeds`); absent where feeds are not polled. */
  feeds?: { status(): FeedStatus[] };
  /** The clock; tests control it. */
  now: () => Date;
}

export interface CommandRegistry {
  get(name: string): Command | undefined;
  all(): readonly Command[];
}
