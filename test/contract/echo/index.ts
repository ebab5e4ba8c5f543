import type { PlatformAdapter } from "../../../src/core/adapter.js";
import { answer, type Asker } from "../../../src/core/answer.js";
import { readCommandLine } from "../../../src/core/dispatch.js";
import type { Services } from "../../../src/core/services.js";
import { renderEcho } from "./render.js";
import { createEchoDelivery, ECHO, EchoServer } from "./transport.js";

export { renderEcho, type EchoMessage } from "./render.js";
export { createEchoDelivery, ECHO, EchoServer } from "./transport.js";

export interface EchoAdapter extends PlatformAdapter {
  readonly server: EchoServer;
  /** A person types a line in chat `chatId`. */
  type(chatId: string, line: string): Promise<void>;
  /** A person presses a button by its data. */
  press(chatId: string, data: string): Promise<void>;
}

/**
 * A test-only platform, built the way a new platform would be: the same file names as the other
 * adapters, events handed to answer(), replies rendered and sent. Nothing else in src/ knows it.
 */
export function createEchoAdapter(services: Services): EchoAdapter {
  const server = new EchoServer();
  const askerOf = (chatId: string): Asker => ({ services, chat: { platform: ECHO, id: chatId, kind: "private" }, user: { id: chatId }, canManage: async () => true });
  const show = async (chatId: string, request: Parameters<typeof answer>[0]) => {
    const { replies } = await answer(request, askerOf(chatId));
    for (const reply of replies) for (const message of renderEcho(reply, services.commands)) await server.post(chatId, message);
  };
  return {
    platform: ECHO,
    server,
    delivery: createEchoDelivery(server, services.commands),
    type: (chatId, line) => show(chatId, { line: readCommandLine(line) }),
    press: (chatId, data) => show(chatId, { button: data }),
    start: async () => {},
    stop: async () => {},
  };
}
