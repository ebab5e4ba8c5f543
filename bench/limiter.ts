/**
 * The pacing limiter alone, on real timers: callers that each wait a simulated round trip after their
 * grant and ask again, as the outbox's sends do. Shows what the limiter itself reaches, apart from any
 * HTTP client or server.
 *
 * Run: npx tsx bench/limiter.ts [--rate 1000] [--grants 10000] [--callers 500] [--rtt 50]
 */
import { argument } from "./fanout-fake.js";
import { RateLimiter, systemClock } from "../src/subscriptions/pacer.js";

const rate = Number(argument("rate", "1000"));
const grants = Number(argument("grants", "10000"));
const callers = Number(argument("callers", String(Math.max(4, Math.ceil(rate / 2)))));
const rttMs = Number(argument("rtt", "50"));
if (!(rate > 0) || !(grants > 1) || !(callers > 0) || !(rttMs >= 0)) {
  process.stderr.write("limiter: --rate, --grants and --callers must be positive numbers, --rtt a number of ms\n");
  process.exit(2);
}

const limiter = new RateLimiter(rate, systemClock);
const times: number[] = [];
// The limiter's timers are unref'd, as in Herald: keep the process alive while it works.
const alive = setInterval(() => {}, 1_000);
let asked = 0;
await new Promise<void>((done) => {
  const ask = (): void => {
    if (asked >= grants) return;
    asked++;
    void limiter.acquire().then(() => {
      times.push(performance.now());
      if (times.length === grants) done();
      else setTimeout(ask, rttMs);
    });
  };
  for (let i = 0; i < callers; i++) ask();
});
clearInterval(alive);
let peak = 0;
for (let i = 0, j = 0; i < times.length; i++) {
  while (times[i]! - times[j]! >= 1_000) j++;
  peak = Math.max(peak, i - j + 1);
}
const ratio = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000) / rate;
console.log(`limiter: rate=${rate} grants=${grants} callers=${callers} rtt_ms=${rttMs} achieved_ratio=${ratio.toFixed(3)} peak_1s=${peak}`);
