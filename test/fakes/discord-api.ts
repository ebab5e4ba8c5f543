import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * A fake Discord on 127.0.0.1: REST under /api/v10 and a JSON gateway, enough for a real discord.js
 * `Client` to log in, receive interactions and answer them. Every REST call is recorded.
 * Facts it relies on: ../shared/spec/testing-chat-platforms.md.
 */

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, URL-decoded (`/webhooks/1/tok/messages/@original`). */
  path: string;
  query: URLSearchParams;
  body: any;
  authorization: string | undefined;
  at: number;
}

export interface CannedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Cut the connection instead of answering (a network error). */
  drop?: boolean;
  /** Answer as if nothing were canned: lets earlier calls through before a canned failure. */
  usual?: boolean;
}

export interface FakeDiscordOptions {
  applicationId?: string;
  botUserId?: string;
  heartbeatIntervalMs?: number;
}

/** Where an interaction comes from: a server channel (with the member's permissions) or a DM. */
/** Where an interaction comes from; `locale` is the person's Discord client language (en-US when absent). */
export type InteractionPlace = (
  | { kind: "dm"; channelId?: string }
  | { kind: "guild"; guildId?: string; channelId?: string; permissions?: bigint }
) & { locale?: string };

export interface SentInteraction {
  id: string;
  token: string;
}

export type SlashOption = { name: string; type: number; value: string | number; focused?: boolean };

const API_PREFIX = "/api/v10";
export const MANAGE_GUILD = 1n << 5n;
const VIEW_AND_SEND = (1n << 10n) | (1n << 11n);

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  private readonly callbacks = new Map<string, RecordedCall>();
  readonly applicationId: string;
  readonly botUserId: string;
  /** Channels GET /channels/{id} knows; POSTing to any other channel answers 404 Unknown Channel. */
  readonly channels = new Map<string, { id: string; type: number; guild_id?: string }>();
  /** Tokens seen in the Authorization header of REST calls and in IDENTIFY. */
  readonly tokensSeen = new Set<string>();
  /** Message bodies each channel accepted (POST /channels/{id}/messages answered 200), oldest first. */
  readonly posted = new Map<string, any[]>();
  identifies = 0;
  /** The `shard` field of every IDENTIFY, oldest first (undefined when the client did not shard). */
  readonly identifiedShards: Array<[number, number] | undefined> = [];

  private readonly server: Server;
  private readonly gateway: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  /** The connection that identified as each shard id, so a dispatch can reach one shard's process. */
  private readonly shardSockets = new Map<number, WebSocket>();
  private readonly failures: Array<{ method: string; path: RegExp; response: CannedResponse }> = [];
  private readonly waiters: Array<{ match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }> = [];
  private readonly heartbeatIntervalMs: number;
  private sequence = 0;
  private nextId = 1_000_000_000_000_000n;
  private port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.applicationId = options.applicationId ?? "900000000000000001";
    this.botUserId = options.botUserId ?? this.applicationId;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.server = createServer((req, res) => void this.handle(req, res));
    this.gateway = new WebSocketServer({ noServer: true });
    this.server.on("upgrade", (req, socket, head) => {
      this.gateway.handleUpgrade(req, socket, head, (ws) => this.onGatewayConnection(ws));
    });
  }

  /** Starts the fake on an ephemeral port of 127.0.0.1. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What to pass as discord.js `rest.api` (DISCORD_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The next `count` calls matching method and path answer `response` instead of the default. */
  failNext(method: string, path: RegExp, response: CannedResponse, count = 1): void {
    for (let i = 0; i < count; i += 1) this.failures.push({ method, path, response });
  }

  /** Resolves with the first recorded call (past or future) that matches. */
  waitFor(match: (call: RecordedCall) => boolean, timeoutMs = 5_000): Promise<RecordedCall> {
    const past = this.calls.find(match);
    return past ? Promise.resolve(past) : this.nextMatching(match, timeoutMs);
  }

  private nextMatching(match: (call: RecordedCall) => boolean, timeoutMs: number): Promise<RecordedCall> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("fake Discord: no matching call in time")), timeoutMs);
      this.waiters.push({
        match,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      });
    });
  }

  /** The callback (`POST /interactions/{id}/{token}/callback`) answering an interaction. */
  callbackFor(interaction: SentInteraction, timeoutMs?: number): Promise<RecordedCall> {
    const path = `/interactions/${interaction.id}/${interaction.token}/callback`;
    // Looked up by path rather than scanned, so long benchmark runs do not slow down as calls pile up.
    const past = this.callbacks.get(path);
    if (past) return Promise.resolve(past);
    return this.nextMatching((c) => c.method === "POST" && c.path === path, timeoutMs ?? 5_000);
  }

  /** Every webhook call (editReply, followUp, deleteReply) made with an interaction's token. */
  webhookCallsFor(interaction: SentInteraction): RecordedCall[] {
    return this.calls.filter((c) => c.path.startsWith(`/webhooks/${this.applicationId}/${interaction.token}`));
  }

  /** Sends a slash command as a person would type it; to one shard's connection when `shard` is given. */
  slashCommand(name: string, options: SlashOption[] = [], place: InteractionPlace = { kind: "dm" }, shard?: number): SentInteraction {
    return this.interaction(2, { id: this.snowflake(), name, type: 1, options }, place, {}, shard);
  }

  /** Sends an autocomplete request; the focused option carries `focused: true`. */
  autocomplete(name: string, options: SlashOption[], place: InteractionPlace = { kind: "dm" }): SentInteraction {
    return this.interaction(4, { id: this.snowflake(), name, type: 1, options }, place);
  }

  /** Presses a button carrying `customId` on a message the bot sent. */
  pressButton(customId: string, place: InteractionPlace = { kind: "dm" }, messageId = this.snowflake()): SentInteraction {
    const channelId = this.channelIdOf(place);
    const message = this.message(channelId, { id: messageId, embeds: [], components: [] });
    return this.interaction(3, { custom_id: customId, component_type: 2 }, place, { message });
  }

  /** Sends any gateway dispatch to every connected client, or only to the one that identified as `shard`. */
  dispatch(type: string, data: unknown, shard?: number): void {
    this.sequence += 1;
    const frame = JSON.stringify({ op: 0, t: type, s: this.sequence, d: data });
    if (shard === undefined) return void this.sockets.forEach((ws) => ws.send(frame));
    const ws = this.shardSockets.get(shard);
    if (!ws || !this.sockets.has(ws)) throw new Error(`fake Discord: no connection identified as shard ${shard}`);
    ws.send(frame);
  }

  get connected(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private interaction(type: number, data: unknown, place: InteractionPlace, extra: Record<string, unknown> = {}, shard?: number): SentInteraction {
    const id = this.snowflake();
    const token = `interaction-token-${id}`;
    const channelId = this.channelIdOf(place);
    const user = { id: "700000000000000001", username: "reader", discriminator: "0", global_name: "Reader", avatar: null };
    const where =
      place.kind === "guild"
        ? {
            guild_id: place.guildId ?? "800000000000000001",
            channel: { id: channelId, type: 0, guild_id: place.guildId ?? "800000000000000001", name: "news" },
            member: {
              user,
              roles: [],
              joined_at: new Date(0).toISOString(),
              deaf: false,
              mute: false,
              flags: 0,
              permissions: String(place.permissions ?? VIEW_AND_SEND),
            },
          }
        : { channel: { id: channelId, type: 1, recipients: [user] }, user };
    this.dispatch("INTERACTION_CREATE", {
      id,
      application_id: this.applicationId,
      type,
      data,
      token,
      version: 1,
      locale: place.locale ?? "en-US",
      app_permissions: String(VIEW_AND_SEND | (1n << 14n)),
      entitlements: [],
      authorizing_integration_owners: {},
      context: place.kind === "guild" ? 0 : 1,
      channel_id: channelId,
      ...where,
      ...extra,
    }, shard);
    return { id, token };
  }

  private channelIdOf(place: InteractionPlace): string {
    return place.channelId ?? (place.kind === "guild" ? "810000000000000001" : "820000000000000001");
  }

  private snowflake(): string {
    this.nextId += 1n;
    return String(this.nextId);
  }

  private botUser() {
    return { id: this.botUserId, username: "herald", discriminator: "0", global_name: "Herald", avatar: null, bot: true };
  }

  private message(channelId: string, body: object) {
    return {
      id: this.snowflake(),
      channel_id: channelId,
      author: this.botUser(),
      content: "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      ...body,
    };
  }

  private onGatewayConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    ws.on("message", (raw) => {
      let frame: { op: number; d: any };
      try {
        frame = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) {
        this.identifies += 1;
        if (typeof frame.d?.token === "string") this.tokensSeen.add(frame.d.token);
        const shard = Array.isArray(frame.d?.shard) ? (frame.d.shard as [number, number]) : undefined;
        this.identifiedShards.push(shard);
        this.shardSockets.set(shard?.[0] ?? 0, ws);
        this.sequence += 1;
        ws.send(
          JSON.stringify({
            op: 0,
            t: "READY",
            s: this.sequence,
            d: {
              v: 10,
              user: this.botUser(),
              guilds: [],
              session_id: "fake-session",
              resume_gateway_url: `ws://127.0.0.1:${this.port}`,
              application: { id: this.applicationId, flags: 0 },
              shard: frame.d?.shard,
            },
          }),
        );
      }
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const path = decodeURIComponent(url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname);
    const authorization = req.headers.authorization;
    if (authorization?.startsWith("Bot ")) this.tokensSeen.add(authorization.slice(4));
    const call: RecordedCall = { method: req.method ?? "GET", path, query: url.searchParams, body, authorization, at: Date.now() };
    this.calls.push(call);
    if (call.method === "POST" && path.endsWith("/callback")) this.callbacks.set(path, call);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
    const failure = this.failures.findIndex((f) => f.method === call.method && f.path.test(path));
    const canned = failure >= 0 ? this.failures.splice(failure, 1)[0]!.response : undefined;
    if (canned?.drop) return void req.socket.destroy();
    const response = canned && !canned.usual ? canned : this.route(call);
    const json = response.body === undefined ? {} : { "content-type": "application/json" };
    res.writeHead(response.status, { ...json, ...response.headers });
    res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  }

  private route(call: RecordedCall): CannedResponse {
    const { method, path, body } = call;
    const ok = (b: unknown): CannedResponse => ({ status: 200, body: b });
    let m: RegExpExecArray | null;
    if (method === "GET" && (path === "/gateway/bot" || path === "/gateway")) {
      return ok({
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === "GET" && path === "/users/@me") return ok(this.botUser());
    if (method === "GET" && path === "/applications/@me") {
      return ok({ id: this.applicationId, name: "Herald", flags: 0, bot_public: true, bot: this.botUser() });
    }
    if (method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && Array.isArray(body)) {
      return ok(body.map((command: object) => ({ id: this.snowflake(), application_id: this.applicationId, version: "1", ...command })));
    }
    if (method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      return { status: 204 };
    }
    if ((m = /^\/webhooks\/\d+\/[^/]+\/messages\/(@original|\d+)$/.exec(path))) {
      if (method === "DELETE") return { status: 204 };
      return ok(this.message("0", { ...(body as object), id: m[1] === "@original" ? this.snowflake() : m[1] }));
    }
    if (method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(path)) {
      return ok(this.message("0", body as object));
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === "GET") {
      const channel = this.channels.get(m[1]!);
      return channel ? ok(channel) : unknownChannel();
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === "POST") {
      if (!this.channels.has(m[1]!)) return unknownChannel();
      this.posted.set(m[1]!, [...(this.posted.get(m[1]!) ?? []), body]);
      return ok(this.message(m[1]!, body as object));
    }
    return { status: 404, body: { message: `fake Discord: no route for ${method} ${path}`, code: 0 } };
  }
}

const unknownChannel = (): CannedResponse => ({ status: 404, body: { message: "Unknown Channel", code: 10003 } });
