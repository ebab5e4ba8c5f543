import path from "node:path";
import { readFileSync } from "node:fs";
import http, { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from "node:zlib";
import { isPrivateAddress, lookupRefusing, RefusedAddressError } from "./address.js";
import { PROJECT_ROOT } from "../core/paths.js";
import { feedProblem, type FeedProblem } from "./problem.js";

/** Limits of one request; feeds.md fixes the defaults, tests shorten them. */
export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Lets feed URLs reach loopback and private addresses (tests, a feed on the intranet). */
  allowPrivate: boolean;
  /** Which addresses count as private (tests narrow it to tell two loopback addresses apart). */
  isRefused?: (address: string) => boolean;
  /** A connection left idle this long is closed (IDLE_CONNECTION_MS; tests shorten it). */
  idleMs?: number;
}

export const FETCH_TIMEOUT_MS = 15_000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_REDIRECTS = 5;

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_BODY_BYTES, maxRedirects: MAX_REDIRECTS, allowPrivate: false };

const VERSION = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
/** The codings the client can undo (see `DECODERS`). */
const ACCEPT_ENCODING = "gzip, deflate, br";
/** Of an answer whose body is not read (a redirect, an error), at most this much is read so the connection can be used again. */
const DUMPED_BYTES = 64 * 1024;
/** A connection left idle this long is closed: feeds are read minutes apart, so none is kept for the next poll. */
const IDLE_CONNECTION_MS = 4_000;

export const USER_AGENT = `Herald/${VERSION} (news briefing bot; +https://github.com/herald-news/herald)`;

/** What a conditional request remembers of the previous answer. */
export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

/** The outcome of one fetch, as a value: callers decide with a switch. */
export type FetchOutcome =
  | { kind: "fetched"; body: Uint8Array; contentType: string | null; url: string; etag: string | null; lastModified: string | null }
  | { kind: "not-modified" }
  | ({
      kind: "failed";
      status?: number;
      /** From Retry-After on 429 and 503. */
      retryAfterMs?: number;
      /** 410 Gone: the feed is stopped. */
      gone?: boolean;
    } & FeedProblem);

/** `Retry-After: 120` or an HTTP date → milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const megabytes = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

class TooLargeError extends Error {}
class EncodingError extends Error {}

/**
 * Ports of other protocols (SMTP's 25, X11's 6000, …) that no HTTP client should send a request to:
 * the Fetch standard's list of "bad ports" (https://fetch.spec.whatwg.org/#port-blocking), as browsers
 * and undici's fetch refuse them.
 */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135,
  137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719,
  1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

type Decode = (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>;
const [inflateWrapped, inflateBare] = [promisify(inflate), promisify(inflateRaw)];
const DECODERS: Record<string, Decode> = {
  gzip: promisify(gunzip),
  "x-gzip": promisify(gunzip),
  br: promisify(brotliDecompress),
  // "deflate" means zlib-wrapped; some servers send it raw: a zlib stream's first two bytes are a multiple of 31.
  deflate: (buffer, options) => (buffer.length >= 2 && (buffer[0]! & 0x0f) === 8 && buffer.readUInt16BE(0) % 31 === 0 ? inflateWrapped(buffer, options) : inflateBare(buffer, options)),
};

/** A header's value, one string even when the server sent it more than once. */
function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

/** Sends one GET and resolves with the answer's head; the body is left to read. */
function send(target: URL, headers: Record<string, string>, signal: AbortSignal, agent: http.Agent): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (target.protocol === "https:" ? https : http).request(target, { headers, signal, agent }, resolve);
    request.once("error", reject);
    request.end();
  });
}

/** Reads and drops up to `limit` bytes of a body so its connection can serve the next request; a longer one closes it. */
async function dump(response: IncomingMessage, limit: number): Promise<void> {
  let read = 0;
  // Leaving the loop early closes the body and its connection.
  for await (const chunk of response as AsyncIterable<Buffer>) if ((read += chunk.byteLength) > limit) break;
}

/** Reads a body up to `maxBytes` (as sent, and again once decoded), aborting the transfer as soon as it is exceeded. */
async function readLimited(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(header(response.headers, "content-length") ?? NaN);
  if (declared > maxBytes) {
    // Closes the connection: the rest is not read.
    response.destroy();
    throw new TooLargeError();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    // Leaving the loop closes the body and its connection.
    if (total > maxBytes) throw new TooLargeError();
    chunks.push(chunk);
  }
  let body: Buffer = Buffer.concat(chunks, total);
  // Codings apply in the order listed, so they are undone from the last.
  const codings = (header(response.headers, "content-encoding") ?? "").toLowerCase().split(",").map((c) => c.trim()).filter((c) => c && c !== "identity");
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) throw new EncodingError(coding);
    try {
      body = await decode(body, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new TooLargeError();
      throw err;
    }
  }
  return body;
}

/** The innermost cause's words (an aborted request wraps its reason); `signal`: the exchange's timeout. */
function describeError(err: unknown, limits: FetchLimits, signal: AbortSignal): FeedProblem {
  // Once the time is up, whatever the socket said last (often "aborted") is the timeout.
  if (signal.aborted) return feedProblem({ id: "feed-problem-timeout", args: { seconds: limits.timeoutMs / 1000 } });
  let cause = err as { name?: string; message?: string; code?: string; cause?: unknown } | undefined;
  while (cause?.cause && !(cause instanceof RefusedAddressError)) cause = cause.cause as typeof cause;
  if (cause instanceof RefusedAddressError) return cause.problem;
  const code = cause?.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return feedProblem({ id: "feed-problem-host-not-found" });
  if (code === "ECONNREFUSED") return feedProblem({ id: "feed-problem-connection-refused" });
  if (code === "ECONNRESET" || code === "EPIPE") return feedProblem({ id: "feed-problem-connection-closed" });
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return feedProblem({ id: "feed-problem-tls", args: { code } });
  return feedProblem({ id: "feed-problem-cannot-fetch", args: { detail: code ?? cause?.message ?? "unknown error" } });
}

/**
 * A feed client that behaves as feeds.md asks: conditional requests, compression, a timeout over
 * the whole exchange, a body limit, a redirect limit, its own User-Agent, one request at a time per
 * host, and no private addresses unless allowed (checked on the literal host and on the address
 * each connection resolves to).
 */
export class FeedClient {
  /** Node's own HTTP client, one agent per scheme (undici's `request` took as little CPU and 12 MB more memory: BENCHMARKS.md, issue 11, tenth pass). */
  private readonly agents: Record<"http:" | "https:", http.Agent>;
  private readonly hosts = new Map<string, Promise<unknown>>();

  private readonly isRefused: (address: string) => boolean;

  constructor(readonly limits: FetchLimits = DEFAULT_LIMITS) {
    this.isRefused = limits.isRefused ?? isPrivateAddress;
    const options: http.AgentOptions = {
      keepAlive: true,
      maxSockets: 2,
      // Node's agents destroy a kept-alive socket idle this long; one in use only gets a 'timeout' event nobody acts on.
      timeout: limits.idleMs ?? IDLE_CONNECTION_MS,
      ...(limits.allowPrivate ? {} : { lookup: lookupRefusing(this.isRefused) as never }),
    };
    this.agents = { "http:": new http.Agent(options), "https:": new https.Agent(options) };
  }

  /** Fetches `url`, sending the validators of the previous answer. */
  fetch(url: string, validators: Validators = {}, accept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"): Promise<FetchOutcome> {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return Promise.resolve({ kind: "failed", ...feedProblem({ id: "feed-problem-not-a-url" }) });
    }
    // One request at a time per host: chain onto the previous one, whatever its outcome.
    const previous = this.hosts.get(host) ?? Promise.resolve();
    const run = previous.then(() => this.fetchNow(url, validators, accept));
    const settled = run.catch(() => undefined);
    this.hosts.set(host, settled);
    void settled.then(() => {
      if (this.hosts.get(host) === settled) this.hosts.delete(host);
    });
    return run;
  }

  private async fetchNow(start: string, validators: Validators, accept: string): Promise<FetchOutcome> {
    const { limits } = this;
    const signal = AbortSignal.timeout(limits.timeoutMs);
    let url = start;
    for (let hop = 0; ; hop++) {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return { kind: "failed", ...feedProblem({ id: "feed-problem-not-a-url" }) };
      }
      if (target.protocol !== "http:" && target.protocol !== "https:") return { kind: "failed", ...feedProblem({ id: "feed-problem-not-http", args: { scheme: target.protocol.slice(0, -1) } }) };
      if (BAD_PORTS.has(Number(target.port))) return { kind: "failed", ...feedProblem({ id: "feed-problem-bad-port" }) };
      // Sockets skip the lookup for a literal address, so check it here.
      const literal = target.hostname.replace(/^\[|\]$/g, "");
      if (!limits.allowPrivate && isIP(literal) && this.isRefused(literal)) return { kind: "failed", ...new RefusedAddressError(literal, literal).problem };
      const headers: Record<string, string> = { "user-agent": USER_AGENT, accept, "accept-encoding": ACCEPT_ENCODING };
      if (hop === 0 && validators.etag) headers["if-none-match"] = validators.etag;
      if (hop === 0 && validators.lastModified) headers["if-modified-since"] = validators.lastModified;
      let response: IncomingMessage;
      try {
        response = await send(target, headers, signal, this.agents[target.protocol]);
      } catch (err) {
        return { kind: "failed", ...describeError(err, limits, signal) };
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) await dump(response, DUMPED_BYTES).catch(() => undefined);
      if (status >= 300 && status < 400 && status !== 304) {
        const location = header(response.headers, "location");
        if (!location) return { kind: "failed", status, ...feedProblem({ id: "feed-problem-redirect-without-location", args: { status: String(status) } }) };
        if (hop >= limits.maxRedirects) return { kind: "failed", status, ...feedProblem({ id: "feed-problem-too-many-redirects", args: { max: limits.maxRedirects } }) };
        try {
          url = new URL(location, target).href;
        } catch {
          return { kind: "failed", status, ...feedProblem({ id: "feed-problem-not-a-url" }) };
        }
        continue;
      }
      if (status === 304) return { kind: "not-modified" };
      if (status < 200 || status >= 300) {
        const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(header(response.headers, "retry-after")) : null;
        const reason = STATUS_CODES[status];
        return {
          kind: "failed",
          status,
          ...feedProblem({ id: "feed-problem-http", args: { status: `${status}${reason ? ` ${reason}` : ""}` } }),
          ...(retryAfterMs !== null ? { retryAfterMs } : {}),
          ...(status === 410 ? { gone: true } : {}),
        };
      }
      try {
        const body = await readLimited(response, limits.maxBytes);
        return {
          kind: "fetched",
          body,
          contentType: header(response.headers, "content-type"),
          url: target.href,
          etag: header(response.headers, "etag"),
          lastModified: header(response.headers, "last-modified"),
        };
      } catch (err) {
        if (err instanceof TooLargeError) return { kind: "failed", status, ...feedProblem({ id: "feed-problem-too-large", args: { megabytes: megabytes(limits.maxBytes) } }) };
        if (err instanceof EncodingError) return { kind: "failed", status, ...feedProblem({ id: "feed-problem-cannot-fetch", args: { detail: `unknown Content-Encoding "${err.message}"` } }) };
        return { kind: "failed", status, ...describeError(err, limits, signal) };
      }
    }
  }

  /** Closes every connection. */
  close(): Promise<void> {
    for (const agent of Object.values(this.agents)) agent.destroy();
    return Promise.resolve();
  }
}
