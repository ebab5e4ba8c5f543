import { terminalDelivery } from "../../src/adapters/terminal/index.js";
import { deliveryContract } from "../contract/delivery.js";

deliveryContract(
  "terminal",
  async () => {
    const printed: string[] = [];
    return {
      port: terminalDelivery((text) => void printed.push(text)),
      chatId: "local",
      answerNext() {
        throw new Error("the terminal has no answers to fake: every case needing one is skipped");
      },
      // A terminal scrolls: no length limit.
      shown: () => printed.map((text) => ({ text: text.trim(), limitProblems: [] })),
      close: async () => undefined,
    };
  },
  // Each reason can be checked in terminalDelivery (src/adapters/terminal/transport.ts): it writes the
  // rendered reply to a local stream and always reports "sent"; no server, network or rate is involved.
  {
    rateLimit: "the terminal has no rate limit: terminalDelivery only writes to a local stream",
    forbidden: "the terminal chat cannot refuse the bot: terminalDelivery always reports sent",
    serverError: "the terminal has no server: terminalDelivery calls no API",
    dropConnection: "the terminal prints to a local stream, with no connection to drop (terminalDelivery)",
  },
);
