import type { ChatRef } from "./chat.js";
import type { Reply } from "./reply.js";

/** What a subscription delivers: a daily digest, update notices, or both. */
export type SubscriptionMode = "daily" | "updates" | "both";

export const SUBSCRIPTION_MODES: readonly SubscriptionMode[] = ["daily", "updates", "both"];

/** Restricts a subscription to one story, or to stories whose title or text mention every word of a topic. */
export type SubscriptionFilter = { kind: "story"; storyId: string; title: string } | { kind: "topic"; words: string };

/** What `/subscribe` asks for; missing values fall back to the configured defaults. */
export interface SubscribeRequest {
  time?: string;
  timezone?: string;
  mode?: SubscriptionMode;
  story?: string;
  topic?: string;
}

/** A chat's subscription as `/subscriptions` shows it. */
export interface SubscriptionView {
  chat: ChatRef;
  mode: SubscriptionMode;
  /** Local HH:MM of the daily digest. */
  time: string;
  /** IANA zone of `time`. */
  timezone: string;
  filter: SubscriptionFilter | null;
  /** Next digest (null in `updates` mode or while paused). */
  nextDigestAt: Date | null;
  lastDigestAt: Date | null;
  /** Set when deliveries stopped because the chat is gone; subscribing again clears it. */
  paused: { since: Date; reason: string } | null;
  createdAt: Date;
}

/** What the subscription commands need from the subscription service (src/subscriptions). */
export interface SubscriptionService {
  /** Creates or changes this chat's subscription and clears a pause; throws HeraldError on bad input, storing nothing. */
  subscribe(chat: ChatRef, request: SubscribeRequest): Promise<SubscriptionView>;
  /** Ends this chat's subscription; false when there was none. */
  unsubscribe(chat: ChatRef): Promise<boolean>;
  /** This chat's subscription, or null. */
  get(chat: ChatRef): Promise<SubscriptionView | null>;
  /** This chat's next digest as it would be sent now, without marking anything delivered. */
  preview(chat: ChatRef): Promise<Reply[]>;
}
