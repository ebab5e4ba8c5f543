import type { Reply } from "./reply.js";

/** Outcome of one send: the outbox decides what to do next from it. */
export type DeliveryResult =
  | { status: "sent" }
  /** `global`: the platform said the limit reached is the whole bot's, not this chat's. */
  | { status: "retry"; afterMs: number; reason: string; global?: boolean }
  | { status: "gone"; reason: string }
  | { status: "failed"; reason: string };

/** Sending to a chat outside any conversation (digests, update notices). Each adapter implements it. */
export interface DeliveryPort {
  readonly platform: import("./chat.js").Platform;
  /**
   * Send one reply (the adapter may split it into several messages) to a chat or channel id. `pace`,
   * when given, resolves when the next request may go to the platform: await it right before each one.
   */
  send(chatId: string, reply: Reply, pace?: () => Promise<void>): Promise<DeliveryResult>;
}
