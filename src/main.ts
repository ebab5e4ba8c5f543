import { shardInfo } from "./adapters/discord/shard-info.js";
import { runTerminalChat, systemLanguage, terminalDelivery } from "./adapters/terminal/index.js";
import { createCore } from "./app.js";
import type { PlatformAdapter } from "./core/adapter.js";
import { loadConfig, type Config } from "./core/config.js";
import type { DeliveryPort } from "./core/delivery.js";
import { isHeraldError, type HeraldError } from "./core/errors.js";
import { countedDelivery } from "./core/metrics.js";
import type { Services } from "./core/services.js";
import { startOpsServer, type OpsServer } from "./ops/http.js";
import { exitQuietlyWhenOutputCloses, loadDotEnv } from "./ops/process.js";
import { createPrometheusMetrics, type PrometheusMetrics } from "./ops/prometheus.js";
import { Readiness } from "./ops/readiness.js";
import type { StoryIndex } from "./core/story-index.js";
import { createSubscriptionService, type SubscriptionRuntime } from "./subscriptions/index.js";

/** Says on stderr, in plain words whatever the log format, why start-up stopped. */
function explain(err: HeraldError): void {
  const heading = err.code === "bad_config" ? "Herald cannot start; fix the configuration:\n" : "Herald cannot start: ";
  process.stderr.write(`${heading}${err.message}\n`);
}

/** Runs a start-up step, or explains a configuration problem and returns undefined. */
async function orExplain<T>(step: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    if (!isHeraldError(err)) throw err;
    explain(err);
    return undefined;
  }
}

/** Subscriptions over the configured store, delivering through the given platforms; then the news feeds. */
async function startSubscriptions(services: Services, library: StoryIndex, deliveries: DeliveryPort[], run: boolean): Promise<SubscriptionRuntime> {
  const { config, log, metrics } = services;
  const counted = metrics ? deliveries.map((port) => countedDelivery(port, metrics)) : deliveries;
  const subscriptions = await createSubscriptionService({
    services,
    storeUrl: config.store,
    storePrefix: config.storePrefix,
    deliveries: counted,
    log: log.child({ component: "subscriptions" }),
    pacing: config.delivery,
  });
  services.subscriptions = subscriptions;
  metrics?.gauge("outbox_depth", () => subscriptions.outbox.pending);
  metrics?.gauge("delivery_rate_per_second", () => {
    const rates = subscriptions.outbox.rates();
    return deliveries.map(({ platform }) => ({ labels: { platform }, value: rates[platform] }));
  });
  // Under Discord sharding only the primary process schedules and sends; the others only answer commands.
  if (run) await subscriptions.start();
  // Feeds after subscriptions, so the first read's news reaches the notice pipeline; stopped before it.
  // Their modules (feed parser, HTTP client, HTML to text: about 7 MB of heap) load only when a feed is configured.
  const feeds = config.feeds.sources.length
    ? await (await import("./feeds/index.js")).startFeeds({ services, store: subscriptions.store, library, poll: run, minuteMs: Number(process.env.HERALD_FEEDS_MINUTE_MS) || undefined })
    : null;
  const stopSubscriptions = subscriptions.stop.bind(subscriptions);
  subscriptions.stop = async () => {
    await feeds?.stop();
    await stopSubscriptions();
  };
  return subscriptions;
}

/** The health and metrics listener when HERALD_HTTP_PORT is set; /readyz waits for the store and the platforms. */
async function startOps(config: Config, services: Services, metrics: PrometheusMetrics | undefined, readiness: Readiness) {
  if (!metrics || config.http.port === undefined) return undefined;
  readiness.set("library", () => true);
  readiness.expect("store");
  return startOpsServer({ port: config.http.port, host: config.http.host, registry: metrics.registry, readiness, log: services.log.child({ component: "http" }) });
}

/** `npm start`: the bots whose tokens are set, or the terminal chat when none is. */
async function start(): Promise<void> {
  const config = await orExplain(() => {
    loadDotEnv();
    return loadConfig();
  });
  if (!config) return void (process.exitCode = 1);
  const bots = Boolean(config.telegram.token || config.discord.token);
  const metrics = config.http.port === undefined ? undefined : createPrometheusMetrics();
  // The terminal chat keeps its screen for the conversation: only warnings and errors go there.
  const core = await orExplain(() => createCore(bots ? config : { ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel }, { metrics }));
  if (!core) return void (process.exitCode = 1);
  const { services } = core;
  const { log } = services;
  process.on("unhandledRejection", (reason) => log.error("unhandled rejection (kept running)", reason));

  const readiness = new Readiness();
  let ops: OpsServer | undefined;
  let subscriptions: SubscriptionRuntime | undefined;
  const adapters: PlatformAdapter[] = [];
  // Once only: under sharding a shard gets SIGINT from the terminal and SIGTERM from its manager.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (bots) log.info("herald: stopping");
      await subscriptions?.stop().catch((err: unknown) => log.error("herald: stopping subscriptions failed", err));
      await Promise.allSettled(adapters.map((a) => a.stop()));
      await ops?.close();
      core.close();
    })());

  ops = await orExplain(() => startOps(config, services, metrics, readiness));
  if (metrics && !ops) {
    await stop();
    return void (process.exitCode = 1);
  }

  if (!bots) {
    const delivery = terminalDelivery((text) => process.stdout.write(text));
    subscriptions = await orExplain(() => startSubscriptions(services, core.library, [delivery], true));
    if (!subscriptions) {
      await stop();
      return void (process.exitCode = 1);
    }
    const store = subscriptions.store;
    readiness.set("store", () => store.ping().then(() => true));
    await runTerminalChat(services, process.stdin, process.stdout, { language: systemLanguage(process.env) });
    await stop();
    return;
  }

  // Under Discord sharding every shard runs this file; only the primary also runs Telegram. Without a
  // Discord token there is no sharding, and discord.js (about 20 MB resident) is never loaded.
  const shard = config.discord.token ? shardInfo() : { sharded: false, primary: true };
  if (config.discord.token) {
    const { createDiscordAdapter } = await import("./adapters/discord/index.js");
    adapters.push(createDiscordAdapter(services));
  }
  if (config.telegram.token && shard.primary) {
    const { createTelegramAdapter } = await import("./adapters/telegram/index.js");
    adapters.push(createTelegramAdapter(services));
  }
  for (const adapter of adapters) readiness.expect(adapter.platform);

  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
  // A shard's IPC channel to its manager keeps it alive: stop when the manager is gone, exit when start fails.
  if (shard.sharded) process.once("disconnect", () => void stop().then(() => process.exit(0)));

  try {
    subscriptions = await startSubscriptions(services, core.library, adapters.map((a) => a.delivery), shard.primary);
    const store = subscriptions.store;
    readiness.set("store", () => store.ping().then(() => true));
    for (const adapter of adapters) {
      await adapter.start();
      readiness.set(adapter.platform, () => adapter.connected?.() ?? true);
      log.info(`herald: ${adapter.platform} is running`);
    }
  } catch (err) {
    if (isHeraldError(err) && err.code === "store_unreachable") explain(err);
    else log.error(`herald: cannot start: ${isHeraldError(err) ? err.message : "unexpected error"}`, isHeraldError(err) ? undefined : err);
    await stop();
    process.exitCode = 1;
    if (shard.sharded) process.exit();
  }
}

exitQuietlyWhenOutputCloses();
await start();
