import type { Platform } from "./chat.js";
import type { DeliveryPort } from "./delivery.js";

/** A running chat platform: what main.ts starts and stops. */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Connects and starts answering; resolves once ready. */
  start(): Promise<void>;
  /** Stops answering and closes connections. */
  stop(): Promise<void>;
  /** True while connected to the platform (for /readyz); absent means "since start() resolved". */
  connected?(): boolean;
  /** Sends digests and notices to this platform's chats. */
  readonly delivery: DeliveryPort;
}
