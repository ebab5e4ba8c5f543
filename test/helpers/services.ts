import { loadConfig } from "../../src/core/config.js";
import type { StoryEntry } from "../../src/core/library.js";
import { silentLogger } from "../../src/core/log.js";
import { loadCommands } from "../../src/core/registry.js";
import type { Services } from "../../src/core/services.js";
import type { Story } from "../../src/core/story.js";
import { createMemoryLibrary } from "../../src/core/story-index.js";

/** Services over the real commands and an in-memory library of the given stories. */
export async function makeServices(stories: Iterable<Story | StoryEntry>, overrides: Partial<Services> = {}): Promise<Services> {
  return {
    config: loadConfig({}),
    library: createMemoryLibrary(stories),
    commands: await loadCommands(),
    log: silentLogger,
    now: () => new Date("2026-03-20T12:00:00Z"),
    ...overrides,
  };
}
