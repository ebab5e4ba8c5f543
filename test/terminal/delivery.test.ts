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
  {
    rateLimit: "the terminal has no rate limit",
    forbidden: "the terminal chat cannot refuse the bot",
    serverError: "the terminal has no server",
    dropConnection: "the terminal prints to a local stream, with no connection to drop",
  },
);
