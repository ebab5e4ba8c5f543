import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Message, Update, User } from "grammy/types";

/** One Bot API call the fake received. */
export interface ApiCall {
  method: string;
  // Bot API payloads are loose JSON; tests read the fields they care about.
  payload: Record<string, any>;
}

/**
 * What the fake answers: a Bot API envelope, "drop" to cut the connection (a network error), or
 * "usual" to answer as if nothing were queued (lets earlier calls through before a queued failure).
 */
export type FakeAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } }
  | "drop"
  | "usual";

export interface FakeTelegramApi {
  /** Pass as the bot's apiRoot (TELEGRAM_API_ROOT). */
  readonly apiRoot: string;
  readonly token: string;
  readonly botUser: User;
  /** Every call, in arrival order. */
  readonly calls: ApiCall[];
  callsOf(method: string): ApiCall[];
  /** The next `times` calls of `method` get `answer` instead of the default. */
  answerNext(method: string, answer: FakeAnswer, times?: number): void;
  /** Every call of `method` gets `answer` from now on. */
  answerAlways(method: string, answer: FakeAnswer): void;
  /** A user's status in a group, for getChatMember (default "member"). */
  setMember(chatId: number, userId: number, status: "creator" | "administrator" | "member" | "left" | "kicked"): void;
  /** Queues an update for getUpdates; returns its update_id. */
  pushUpdate(update: Omit<Update, "update_id">): number;
  /** The number of calls so far, to wait for calls made after this point. */
  mark(): number;
  /** Resolves with the first call of `method` at index ≥ since matching `where`; rejects after timeoutMs. */
  waitFor(method: string, options?: { since?: number; where?: (call: ApiCall) => boolean; timeoutMs?: number }): Promise<ApiCall>;
  /** Resolves once `condition` holds (checked after every call); rejects after timeoutMs. */
  until(condition: () => boolean, timeoutMs?: number): Promise<void>;
  /** Ids of the messages the bot sent to a chat, oldest first. */
  sentTo(chatId: number): number[];
  /** The text and keyboard a message currently has, after edits. */
  message(chatId: number, messageId: number): { text: string; reply_markup?: unknown } | undefined;
  close(): Promise<void>;
}

const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/** Telegram's HTML mode: these tags and entities, nothing else; `<`, `>`, `&` must be escaped. */
function htmlProblem(text: string): string | null {
  const stack: string[] = [];
  for (const match of text.matchAll(/<(\/?)([a-z-]+)(?:\s[^>]*)?>/g)) {
    const [, closing, tag = ""] = match;
    if (!["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "tg-spoiler", "blockquote"].includes(tag)) {
      return `Unsupported start tag "${tag}"`;
    }
    if (!closing) stack.push(tag);
    else if (stack.pop() !== tag) return `Unmatched end tag "${tag}"`;
  }
  if (stack.length) return `Can't find end tag corresponding to start tag "${stack.at(-1)}"`;
  const bare = text.replace(/<\/?[a-z-]+(?:\s[^>]*)?>/g, "").replace(/&(lt|gt|amp|quot|#\d+);/g, "");
  if (/[<>]/.test(bare)) return "Unexpected < or >";
  if (bare.includes("&")) return "Unsupported entity";
  return null;
}

const visibleLength = (html: string) =>
  html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot|#\d+);/g, "x").length;

/** A fake Telegram Bot API server on 127.0.0.1 (real HTTP), for driving the real grammY client. */
export async function startFakeTelegramApi(
  options: {
    token?: string;
    botUser?: Partial<User>;
    /** The longest a getUpdates with nothing to answer is held: Telegram holds it the `timeout` asked; tests, 1 s at most. */
    longPollSeconds?: number;
  } = {},
): Promise<FakeTelegramApi> {
  const token = options.token ?? "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";
  const botUser: User = { id: 123456, is_bot: true, first_name: "Herald", username: "HeraldBot", ...options.botUser };
  const calls: ApiCall[] = [];
  const once = new Map<string, FakeAnswer[]>();
  const always = new Map<string, FakeAnswer>();
  const members = new Map<string, string>();
  const chats = new Map<number, Chat>();
  const messages = new Map<string, { text: string; reply_markup?: unknown }>();
  const updates: Update[] = [];
  const pollers = new Set<() => void>();
  const watchers = new Set<() => void>();
  let nextUpdateId = 1;
  let nextMessageId = 100;

  const chatOf = (id: number): Chat =>
    chats.get(id) ??
    (id > 0
      ? { id, type: "private", first_name: "User" }
      : String(id).startsWith("-100")
        ? { id, type: "supergroup", title: "Group" }
        : { id, type: "group", title: "Group" });

  const bad = (description: string): Exclude<FakeAnswer, "usual" | "drop"> => ({ ok: false, error_code: 400, description: `Bad Request: ${description}` });

  const checkText = (payload: Record<string, any>): Exclude<FakeAnswer, "usual" | "drop"> | null => {
    const text = String(payload.text ?? "");
    if (!text.trim()) return bad("message text is empty");
    if (payload.parse_mode === "HTML") {
      const problem = htmlProblem(text);
      if (problem) return bad(`can't parse entities: ${problem}`);
    }
    if ((payload.parse_mode === "HTML" ? visibleLength(text) : text.length) > 4096) return bad("message is too long");
    for (const row of payload.reply_markup?.inline_keyboard ?? []) {
      for (const button of row) if (Buffer.byteLength(button.callback_data ?? "") > 64) return bad("BUTTON_DATA_INVALID");
    }
    return null;
  };

  const defaults: Record<string, (payload: Record<string, any>) => Exclude<FakeAnswer, "usual">> = {
    getMe: () => ({ ok: true, result: botUser }),
    sendMessage: (payload) => {
      const problem = checkText(payload);
      if (problem) return problem;
      const chatId = Number(payload.chat_id);
      const message = {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: chatOf(chatId),
        from: botUser,
        text: String(payload.text),
        ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
      } as Message;
      messages.set(`${chatId}:${message.message_id}`, { text: message.text!, reply_markup: payload.reply_markup });
      return { ok: true, result: message };
    },
    editMessageText: (payload) => {
      const key = `${Number(payload.chat_id)}:${Number(payload.message_id)}`;
      const current = messages.get(key);
      if (!current) return bad("message to edit not found");
      const problem = checkText(payload);
      if (problem) return problem;
      if (current.text === payload.text && JSON.stringify(current.reply_markup) === JSON.stringify(payload.reply_markup)) {
        return bad(NOT_MODIFIED);
      }
      messages.set(key, { text: String(payload.text), reply_markup: payload.reply_markup });
      const result = { message_id: Number(payload.message_id), date: 0, chat: chatOf(Number(payload.chat_id)), text: payload.text };
      return { ok: true, result };
    },
    getChatMember: (payload) => ({
      ok: true,
      result: { status: members.get(`${payload.chat_id}:${payload.user_id}`) ?? "member", user: { id: Number(payload.user_id), is_bot: false, first_name: "U" } },
    }),
    getWebhookInfo: () => ({ ok: true, result: { url: "", has_custom_certificate: false, pending_update_count: 0 } }),
  };
  for (const method of ["answerCallbackQuery", "setMyCommands", "deleteMyCommands", "deleteWebhook", "setWebhook", "sendChatAction", "close", "logOut"]) {
    defaults[method] = () => ({ ok: true, result: true });
  }

  const notifyWatchers = () => {
    for (const watch of [...watchers]) watch();
  };

  const send = (res: ServerResponse, answer: Exclude<FakeAnswer, "drop" | "usual">) => {
    res.writeHead(answer.ok ? 200 : answer.error_code, { "content-type": "application/json" });
    res.end(JSON.stringify(answer));
  };

  const pendingUpdates = (offset: number) => {
    while (updates.length && updates[0]!.update_id < offset) updates.shift();
    return updates.slice();
  };

  const serveUpdates = (req: IncomingMessage, res: ServerResponse, payload: Record<string, any>) => {
    const offset = Number(payload.offset ?? 0);
    const ready = pendingUpdates(offset);
    const waitMs = Math.min(Number(payload.timeout ?? 0), options.longPollSeconds ?? 1) * 1000;
    if (ready.length || waitMs === 0) return send(res, { ok: true, result: ready });
    const answer = () => {
      clearTimeout(timer);
      pollers.delete(answer);
      if (!res.writableEnded && !res.destroyed) send(res, { ok: true, result: pendingUpdates(offset) });
    };
    const timer = setTimeout(answer, waitMs);
    pollers.add(answer);
    req.on("close", () => {
      clearTimeout(timer);
      pollers.delete(answer);
    });
  };

  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? "");
    if (!match) return send(res, { ok: false, error_code: 404, description: "Not Found" });
    const [, callerToken, method = ""] = match;
    let payload: Record<string, any> = {};
    try {
      payload = body ? (JSON.parse(body) as Record<string, any>) : {};
    } catch {
      return send(res, { ok: false, error_code: 400, description: "Bad Request: invalid JSON" });
    }
    if (callerToken !== token) return send(res, { ok: false, error_code: 401, description: "Unauthorized" });
    if (method === "getUpdates") return serveUpdates(req, res, payload);
    calls.push({ method, payload });
    const queued = once.get(method);
    const canned = queued?.length ? queued.shift()! : always.get(method);
    const answer = canned && canned !== "usual" ? canned : (defaults[method]?.(payload) ?? { ok: false, error_code: 404, description: "Not Found: method not found" });
    // Watchers run once the call's effects (a stored message) are in place.
    notifyWatchers();
    if (answer === "drop") return void req.socket.destroy();
    send(res, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botUser,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    answerNext(method, answer, times = 1) {
      const queue = once.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(answer);
      once.set(method, queue);
    },
    answerAlways: (method, answer) => void always.set(method, answer),
    setMember: (chatId, userId, status) => void members.set(`${chatId}:${userId}`, status),
    pushUpdate(update) {
      const full = { ...update, update_id: nextUpdateId++ } as Update;
      const chat = full.message?.chat ?? full.channel_post?.chat ?? full.callback_query?.message?.chat;
      if (chat) chats.set(chat.id, chat);
      updates.push(full);
      for (const poll of [...pollers]) poll();
      return full.update_id;
    },
    mark: () => calls.length,
    waitFor(method, { since = 0, where = () => true, timeoutMs = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.slice(since).find((c) => c.method === method && where(c));
          if (!found) return false;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(found);
          return true;
        };
        const watch = () => void check();
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`no ${method} call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(", ")}`));
        }, timeoutMs);
        if (!check()) watchers.add(watch);
      });
    },
    until(condition, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        if (condition()) return resolve();
        const watch = () => {
          if (!condition()) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`condition not met within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(", ")}`));
        }, timeoutMs);
        watchers.add(watch);
      });
    },
    sentTo: (chatId) =>
      [...messages.keys()].filter((key) => key.startsWith(`${chatId}:`)).map((key) => Number(key.split(":")[1])),
    message: (chatId, messageId) => messages.get(`${chatId}:${messageId}`),
    async close() {
      for (const poll of [...pollers]) poll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let nextMessageId = 1;
const person: User = { id: 42, is_bot: false, first_name: "Ada", username: "ada" };

/** Update builders: a typed command in a chat, a channel post, a button press. */
export const updates = {
  person,
  privateChat: { id: 42, type: "private", first_name: "Ada" } as Chat,
  group: { id: -1001234567890, type: "supergroup", title: "Newsroom" } as Chat,
  channel: { id: -1009876543210, type: "channel", title: "Herald Digest" } as Chat,

  command(text: string, chat: Chat, from: User = person): Omit<Update, "update_id"> {
    const length = /^\/\S+/.exec(text)?.[0].length ?? 0;
    const message = {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      entities: length ? [{ type: "bot_command", offset: 0, length }] : [],
    } as Message;
    return (chat.type === "channel" ? { channel_post: { ...message, from: undefined } } : { message }) as Omit<Update, "update_id">;
  },

  press(data: string, message: { chat: Chat; message_id: number; text?: string }, from: User = person): Omit<Update, "update_id"> {
    return {
      callback_query: {
        id: `cb${nextMessageId++}`,
        from,
        chat_instance: "ci",
        data,
        message: { message_id: message.message_id, date: 0, chat: message.chat, text: message.text ?? "" } as Message,
      },
    };
  },
};
