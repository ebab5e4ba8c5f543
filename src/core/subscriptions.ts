import type { ChatRef } from "./chat.js";
import type { Reply } from "./reply.js";

/** What the subscription commands need from the subscription service (src/subscriptions). */
export interface SubscriptionService {
  // Filled in by the subscriptions work (issue 6).
  readonly ready: boolean;
  preview?(chat: ChatRef): Promise<Reply[]>;
}
