import type { DeliveryPort } from "./delivery.js";
import type { Logger } from "./log.js";
import type { Answered } from "./services.js";

/**
 * What Herald counts, declared once: `/metrics` exports each entry as `herald_<name>` (src/ops/prometheus.ts).
 * To count something new, add one entry here and call `services.metrics?.inc(name, labels)` where it happens.
 */
export const METRICS = {
  commands_total: { kind: "counter", help: "Commands answered, by command and outcome (ok, refused, failed)", labels: ["command", "outcome"] },
  command_duration_seconds: { kind: "histogram", help: "Time to answer a command, by command", labels: ["command"] },
  deliveries_total: {
    kind: "counter",
    help: "Digest and notice sends, by platform and result (sent, retried, gone, failed)",
    labels: ["platform", "result"],
  },
  rate_limited_total: { kind: "counter", help: "429 (rate limited) answers received from a platform", labels: ["platform"] },
  outbox_depth: { kind: "gauge", help: "Deliveries waiting or in flight", labels: [] },
  delivery_rate_per_second: {
    kind: "gauge",
    help: "Requests per second each platform's deliveries are paced at now (under the configured rate while the platform limits the bot)",
    labels: ["platform"],
  },
  stories: { kind: "gauge", help: "Stories in the library", labels: [] },
  parse_failures_total: { kind: "counter", help: "Story documents skipped because they could not be read or parsed", labels: [] },
  feed_polls_total: { kind: "counter", help: "News feed reads, by outcome (fetched, not_modified, failed)", labels: ["outcome"] },
  feeds: { kind: "gauge", help: "Followed news feeds, by health (healthy, failing, unhealthy, stopped, not yet fetched)", labels: ["health"] },
} as const satisfies Record<string, MetricSpec>;

export interface MetricSpec {
  kind: "counter" | "histogram" | "gauge";
  help: string;
  labels: readonly string[];
}

type Catalogue = typeof METRICS;
type NamesOf<K extends MetricSpec["kind"]> = { [N in keyof Catalogue]: Catalogue[N]["kind"] extends K ? N : never }[keyof Catalogue];
export type CounterName = NamesOf<"counter">;
export type HistogramName = NamesOf<"histogram">;
export type GaugeName = NamesOf<"gauge">;
/** The labels a metric declares, each a string. */
export type LabelsOf<N extends keyof Catalogue> = { [L in Catalogue[N]["labels"][number]]: string };

/** The metrics seam on Services: absent (or `noMetrics`) counts nothing. */
export interface Metrics {
  /** Adds `by` (default 1) to a counter. */
  inc<N extends CounterName>(name: N, labels: LabelsOf<N>, by?: number): void;
  /** Records one observation (seconds for durations). */
  observe<N extends HistogramName>(name: N, labels: LabelsOf<N>, value: number): void;
  /** Has a gauge read by `read` at every scrape, so it is never stale. */
  gauge<N extends GaugeName>(name: N, read: () => number | { labels: LabelsOf<N>; value: number }[]): void;
}

export const noMetrics: Metrics = { inc() {}, observe() {}, gauge() {} };

/** Reasons the adapters give for a 429 answer (Telegram "429: …", Discord "rate limited"). */
const RATE_LIMITED = /^429\b|rate limited/i;

const DELIVERY_RESULT = { sent: "sent", retry: "retried", gone: "gone", failed: "failed" } as const;

/** A delivery port that counts each send's result (and the 429s among the retries). */
export function countedDelivery(port: DeliveryPort, metrics: Metrics): DeliveryPort {
  return {
    platform: port.platform,
    async send(chatId, reply, pace) {
      const result = await port.send(chatId, reply, pace);
      metrics.inc("deliveries_total", { platform: port.platform, result: DELIVERY_RESULT[result.status] });
      if (result.status === "retry" && RATE_LIMITED.test(result.reason)) metrics.inc("rate_limited_total", { platform: port.platform });
      return result;
    },
  };
}

/** What Herald does with each answer: one info line (never the message text) and the command metrics. */
export function recordAnswers(log: Logger, metrics: Metrics | undefined): (event: Answered) => void {
  return ({ command, platform, chatId, outcome, ms }) => {
    const name = command ?? "unknown";
    metrics?.inc("commands_total", { command: name, outcome });
    metrics?.observe("command_duration_seconds", { command: name }, ms / 1000);
    log.info(`command /${name} ${outcome}`, { command: name, platform, chatId, outcome, ms: Math.round(ms) });
  };
}
