/** Subscriptions, digests, update notices and their delivery; main.ts needs only createSubscriptionService. */
export { createSubscriptionService, type SubscriptionRuntime, type SubscriptionServiceOptions } from "./service.js";
export { createStore, type Store } from "./store.js";
export { DEFAULT_PACING, systemClock, type Clock, type Pacing } from "./pacer.js";
export { nextDigestAt, previousDigestAt } from "./schedule.js";
export { buildDigest } from "./digest.js";
