import type { Config } from "./core/config.js";
import { logOptionsOf } from "./core/config.js";
import { CoverageLibrary } from "./core/coverage/index.js";
import { createLogger, type Logger } from "./core/log.js";
import { recordAnswers, type Metrics } from "./core/metrics.js";
import { loadCommands } from "./core/registry.js";
import type { Services } from "./core/services.js";
import { createLibrary, type FolderLibrary } from "./core/story-folder.js";
import { TextSpills } from "./core/text-spill.js";

export interface Core {
  services: Services;
  library: FolderLibrary;
  close(): void;
}

/** Builds the platform-neutral services: logger, stories folder, commands. */
export async function createCore(config: Config, options: { watch?: boolean; log?: Logger; metrics?: Metrics } = {}): Promise<Core> {
  const { metrics } = options;
  const log = options.log ?? createLogger(logOptionsOf(config));
  const library = await createLibrary({ dir: config.seedsDir, maxBytes: config.maxFileBytes, log: log.child({ component: "library" }), metrics, watch: options.watch ?? true,
    pollMs: config.reliability.folderPollSeconds * 1000,
  });
  // Commands, digests and notices see stories: the folder's reports grouped by event (docs/coverage.md).
  // Following feeds, grouping holds the features of thousands of reports: in a spill file, not the heap.
  const stories = new CoverageLibrary([library], config.coverage, config.feeds.sources.length ? new TextSpills() : null);
  metrics?.gauge("stories", () => stories.list().length);
  const commands = await loadCommands();
  const services: Services = {
    config,
    library: stories,
    commands,
    log,
    now: () => new Date(),
    onAnswered: recordAnswers(log.child({ component: "commands" }), metrics),
    ...(metrics ? { metrics } : {}),
  };
  return {
    services,
    library,
    close: () => {
      stories.close();
      library.close();
    },
  };
}
