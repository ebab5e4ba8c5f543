import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { METRICS, type Metrics } from "../core/metrics.js";

/** Prefix of every metric Herald exports, process metrics included. */
export const METRIC_PREFIX = "herald_";

/** Command latencies from 5 ms to 10 s: most answers take milliseconds, a slow store seconds. */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
}

/** The metrics seam backed by prom-client: every entry of METRICS, plus Node's process metrics. */
export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const counters = new Map<string, Counter>();
  const histograms = new Map<string, Histogram>();
  const readers = new Map<string, () => number | { labels: Record<string, string>; value: number }[]>();
  for (const [name, spec] of Object.entries(METRICS)) {
    const common = { name: METRIC_PREFIX + name, help: spec.help, labelNames: [...spec.labels], registers: [registry] };
    if (spec.kind === "counter") counters.set(name, new Counter(common));
    else if (spec.kind === "histogram") histograms.set(name, new Histogram({ ...common, buckets: DURATION_BUCKETS_S }));
    else {
      new Gauge({
        ...common,
        collect() {
          const read = readers.get(name);
          if (!read) return;
          const value = read();
          this.reset();
          if (typeof value === "number") this.set(value);
          else for (const one of value) this.set(one.labels, one.value);
        },
      });
    }
  }
  return {
    registry,
    inc: (name, labels, by = 1) => counters.get(name)!.inc(labels, by),
    observe: (name, labels, value) => histograms.get(name)!.observe(labels, value),
    gauge: (name, read) => void readers.set(name, read as never),
  };
}
