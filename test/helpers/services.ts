import { loadConfig } from "../../src/core/config.js";
import type { DeliveryPort } from "../../src/core/delivery.js";
import type { StoryEntry } from "../../src/core/library.js";
import { silentLogger } from "../../src/core/log.js";
import { loadCommands } from "../../src/core/registry.js";
import type { Services } from "../../src/core/services.js";
import type { Story } from "../../src/core/story.js";
import { createMemoryLibrary } from "../../src/core/story-index.js";
import { createSubscriptionService, type SubscriptionRuntime } from "../../src/subscriptions/index.js";

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

/**
 * A memory-backed subscription service wired into an adapter's services, the way main.ts wires the
 * real one: the adapter's commands then reach it, and its deliveries go out through the adapter.
 */
export async function attachSubscriptions(harness: { services: Services; adapter: { delivery: DeliveryPort } }): Promise<SubscriptionRuntime> {
  const subscriptions = await createSubscriptionService({ services: harness.services, storeUrl: "memory", deliveries: [harness.adapter.delivery] });
  harness.services.subscriptions = subscriptions;
  return subscriptions;
}
