import type { Reply } from "./reply.js";

/** Outcome of one send: the outbox decides what to do next from it. */
export type DeliveryResult =
  | { status: "sent" }
  | { status: "retry"; afterMs: number; reason: string }
  | { status: "gone"; reason: string }
  | { status: "failed"; reason: string };

/** Sending to a chat outside any conversation (digests, update notices). Each adapter implements it. */
export interface DeliveryPort {
  readonly platform: import("./chat.js").Platform;
  /** Send one reply (the adapter may split it into several messages) to a chat or channel id. */
  send(chatId: string, reply: Reply): Promise<DeliveryResult>;
}
