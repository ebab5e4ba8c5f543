import type { DeliveryPort, DeliveryResult } from "../../../src/core/delivery.js";
import type { Platform } from "../../../src/core/chat.js";
import type { Reply } from "../../../src/core/reply.js";
import type { CommandRegistry } from "../../../src/core/services.js";
import { renderEcho, type EchoMessage } from "./render.js";

/** The one cast a test-only platform needs: the test adds "echo" to the mocked platform list, not to the type. */
export const ECHO = "echo" as Platform;

/** What the echo "server" does with the next message. */
export type EchoFault = { kind: "rateLimit"; retryAfterSeconds: number } | { kind: "forbidden" } | { kind: "serverError" } | { kind: "dropConnection" };

export class EchoError extends Error {
  constructor(readonly fault: EchoFault) {
    super(`echo: ${fault.kind}`);
  }
}

/** An in-memory chat service: messages land in `shown`, unless a fault is scripted for them. */
export class EchoServer {
  readonly shown: { chatId: string; message: EchoMessage }[] = [];
  private readonly faults: { skip: number; fault: EchoFault }[] = [];

  failNext(fault: EchoFault, skip = 0): void {
    this.faults.push({ skip, fault });
  }

  async post(chatId: string, message: EchoMessage): Promise<void> {
    const next = this.faults[0];
    if (next && next.skip-- <= 0) {
      this.faults.shift();
      throw new EchoError(next.fault);
    }
    this.shown.push({ chatId, message });
  }
}

/** How the outbox should treat a failed send (every adapter has one, under this name). */
export function deliveryResultOf(err: unknown): Exclude<DeliveryResult, { status: "sent" }> {
  if (!(err instanceof EchoError)) return { status: "failed", reason: String(err) };
  switch (err.fault.kind) {
    case "rateLimit":
      return { status: "retry", afterMs: err.fault.retryAfterSeconds * 1_000, reason: "429 rate limited" };
    case "forbidden":
      return { status: "gone", reason: "403 forbidden" };
    default:
      return { status: "retry", afterMs: 1_000, reason: err.fault.kind };
  }
}

/** Digests and notices to echo chats; a reply cut off part-way is failed, never retried. */
export function createEchoDelivery(server: EchoServer, registry: CommandRegistry): DeliveryPort {
  return {
    platform: ECHO,
    async send(chatId: string, reply: Reply): Promise<DeliveryResult> {
      let sent = 0;
      for (const message of renderEcho(reply, registry)) {
        try {
          await server.post(chatId, message);
          sent++;
        } catch (err) {
          const result = deliveryResultOf(err);
          return sent && result.status === "retry" ? { status: "failed", reason: `${result.reason} after ${sent} messages` } : result;
        }
      }
      return { status: "sent" };
    },
  };
}
