import { loadConfig } from "../../src/core/config.js";
import { createLogger } from "../../src/core/log.js";
import type { Services } from "../../src/core/services.js";
import type { Story } from "../../src/core/story.js";
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from "../../src/adapters/telegram/index.js";
import { startFakeTelegramApi, type FakeTelegramApi } from "../fakes/telegram-api.js";
import { makeServices } from "../helpers/services.js";
import { article, franco, glacier, harbour } from "../helpers/stories.js";

export interface Harness {
  fake: FakeTelegramApi;
  adapter: TelegramAdapter;
  services: Services;
  /** Every log line written, to check what was logged (and that no token was). */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The real grammY bot against a fake Bot API server on 127.0.0.1. The logger is given no secrets on
 * purpose: the adapter must keep the token out of the logs by itself.
 */
export async function startHarness(
  setup: {
    stories?: Story[];
    env?: Record<string, string>;
    services?: Partial<Services>;
    options?: TelegramAdapterOptions;
    beforeStart?: (fake: FakeTelegramApi) => void;
  } = {},
): Promise<Harness> {
  const fake = await startFakeTelegramApi();
  const logs: string[] = [];
  const services = await makeServices(setup.stories ?? [harbour, glacier, franco, article], {
    config: loadConfig({ TELEGRAM_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...setup.env }),
    log: createLogger({ level: "debug", write: (line) => logs.push(line) }),
    ...setup.services,
  });
  setup.beforeStart?.(fake);
  const adapter = createTelegramAdapter(services, { throttle: false, retry: { backoffBaseMs: 20 }, ...setup.options });
  try {
    await adapter.start();
  } catch (err) {
    await fake.close();
    throw err;
  }
  return {
    fake,
    adapter,
    services,
    logs,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}
