import type { Config } from "./core/config.js";
import { secretsOf } from "./core/config.js";
import { createLogger, type Logger } from "./core/log.js";
import { loadCommands } from "./core/registry.js";
import type { Services } from "./core/services.js";
import { createLibrary, type FolderLibrary } from "./core/story-folder.js";

export interface Core {
  services: Services;
  library: FolderLibrary;
  close(): void;
}

/** Builds the platform-neutral services: logger, stories folder, commands. */
export async function createCore(config: Config, options: { watch?: boolean; log?: Logger } = {}): Promise<Core> {
  const log = options.log ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const library = await createLibrary({ dir: config.seedsDir, maxBytes: config.maxFileBytes, log, watch: options.watch ?? true,
    pollMs: config.reliability.folderPollSeconds * 1000,
  });
  const commands = await loadCommands();
  const services: Services = { config, library, commands, log, now: () => new Date() };
  return { services, library, close: () => library.close() };
}
