/**
 * The local news server of the feeds benches: RSS feeds of ITEMS items, spread over HOSTS loopback
 * addresses, answering a conditional request for an unchanged feed with a 304, as a careful server does.
 * bench/feeds.ts runs it in a child process (so its CPU is not counted with the poller's);
 * bench/feeds-process.ts runs it in its own process (there the poller is the other process).
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export const ITEMS = 50;
/** Loopback addresses the feeds are spread over (each one a host, served one request at a time). */
export const HOSTS = 25;
/** Items are dated back from the start of today (UTC), so a second run's server serves the same feeds. */
const TODAY_MS = Math.floor(Date.now() / 86_400_000) * 86_400_000;

/**
 * When item `n` was published: the first ITEMS hourly up to the start of today, an item added later a
 * minute after the one before. An item keeps its date when newer ones come, as on a real feed. With
 * `redated` (`FeedServerOptions`), the items are dated by their place instead, the newest at the start of
 * today and each older one an hour before: when a feed gains an item, every other item's date changes too.
 */
const itemTime = (n: number, place: number, redated: boolean): number =>
  redated ? TODAY_MS - place * 3_600_000 : n <= ITEMS ? TODAY_MS - (ITEMS - n) * 3_600_000 : TODAY_MS + (n - ITEMS) * 60_000;

/**
 * Full text: each item also carries its article, as many feeds do (`content:encoded`): six paragraphs,
 * about 3,000 characters of words drawn from a vocabulary (so the text compresses about as prose does,
 * not as one repeated phrase would), with typographic apostrophes (two bytes a character in V8).
 */
const ARTICLE_PARAGRAPHS = 6;
const PARAGRAPH_WORDS = 80;
const VOCABULARY = (
  "the a of to in and on for with at by from as that said would after before talks minister’s aides summit’s " +
  "government officials president opposition parliament vote budget tariffs trade agreement negotiators " +
  "ceasefire border troops election campaign court ruling judge police protest strike union workers wages " +
  "prices inflation central bank rates markets shares investors energy gas oil pipeline grid climate " +
  "emissions floods storm drought harvest farmers exports imports ports shipping airline airport railway " +
  "hospital doctors patients vaccine school teachers students university research scientists report study " +
  "company chief executive profits losses jobs factory plant deal merger regulators inquiry spokesman " +
  "statement interview sources diplomats embassy visit meeting week month year Monday Tuesday Wednesday " +
  "Thursday Friday capital city region province north south east west coast island river valley"
).split(" ");

/** Words of item `seed`'s paragraph: the same on every run (a small linear congruential generator). */
function paragraph(seed: number): string {
  let state = seed >>> 0 || 1;
  const words: string[] = [];
  for (let i = 0; i < PARAGRAPH_WORDS; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    words.push(VOCABULARY[(state >>> 8) % VOCABULARY.length]!);
  }
  return words.join(" ");
}

/**
 * What an item reports, written as news is: two people named with their role, a company, a place and
 * the day, so Herald's grouping reads in them what it reads in real reports (each report keeps the
 * names it states). Most items report an event of their own; one in SHARED_EVERY reports an event that
 * three other feeds report too, at the same hour (feeds `f`, `f + 125`, `f + 250`, `f + 375`), in words
 * of their own around the event's, so the library also holds stories of several reports.
 */
const GIVEN = ["Anna", "Jonas", "Marta", "Pavel", "Ines", "Tomasz", "Leila", "Oskar", "Yuki", "Rafael", "Nadia", "Emil", "Sofia", "Karim"];
const SURNAMES = ["Kowalczyk", "Brenner", "Okafor", "Lindqvist", "Moreau", "Haddad", "Novak", "Castillo", "Petrov", "Tanaka", "Weber", "Silva", "Duarte", "Nyberg"];
const ROLES = ["negotiator", "economist", "minister", "spokeswoman", "mayor", "envoy", "chief executive", "prosecutor"];
const PLACES = ["Lyon", "Gdansk", "Porto", "Tartu", "Mombasa", "Valparaiso", "Kobe", "Tromso", "Izmir", "Leipzig", "Bergen", "Recife"];
const SHARED_EVERY = 5;
const SHARING_FEEDS = 125;
/** A number as letters (name keys drop digits), so the names of different events differ: 27 → "ab". */
const letters = (n: number): string => (n === 0 ? "" : letters(Math.floor(n / 26)) + "abcdefghijklmnopqrstuvwxyz"[n % 26]);

export function itemNews(feed: number, n: number, atMs: number): { title: string; summary: string } {
  const event = (n + feed) % SHARED_EVERY === 0 ? 1_000_000 + n * SHARING_FEEDS + (feed % SHARING_FEEDS) : feed * 1_000 + n;
  const name = (k: number) => `${GIVEN[(event * 5 + k) % GIVEN.length]} ${SURNAMES[(event * 3 + k * 7) % SURNAMES.length]}${letters(event * 2 + k + 1)}`;
  const [a, b] = [name(0), name(1)];
  const surname = (full: string) => full.slice(full.indexOf(" ") + 1);
  const company = `${surname(b)} Shipping Company`;
  const place = PLACES[event % PLACES.length]!;
  const day = new Date(atMs).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  // The event's words, which its reports share, and the outlet's own (vocabulary drawn as in `paragraph`).
  const eventWords = paragraph(event).split(" ").slice(0, 16).join(" ");
  const ownWords = paragraph(feed * 100_003 + n).split(" ").slice(0, 10).join(" ");
  return {
    title: `${surname(a)} and ${surname(b)} meet in ${place}`,
    summary: `The ${ROLES[event % ROLES.length]} ${a} met ${b} of the ${company} in ${place} on ${day}, officials said: ${eventWords}. ${surname(a)} said ${ownWords}.`,
  };
}

function feedBody(feed: number, version: number, fullText: boolean, redated: boolean): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const n = version + ITEMS - i; // the newest item first; a new version adds one item on top
    const atMs = itemTime(n, i, redated);
    const at = new Date(atMs).toUTCString();
    const article = Array.from(
      { length: ARTICLE_PARAGRAPHS },
      (_, k) => `<p>Paragraph ${k + 1} of story ${n} of feed ${feed}: ${paragraph((feed * 1_000 + n) * ARTICLE_PARAGRAPHS + k)}.</p>`,
    ).join("");
    const content = fullText ? `<content:encoded><![CDATA[${article}]]></content:encoded>` : "";
    const { title, summary } = itemNews(feed, n, atMs);
    return `<item><title>${title}</title><link>https://news${feed}.example/${n}</link><guid>https://news${feed}.example/${n}</guid><pubDate>${at}</pubDate><description><![CDATA[<p>${summary}</p><img src="https://t.example/p.gif">]]></description>${content}</item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Outlet ${feed}</title><link>https://news${feed}.example/</link>${items.join("")}</channel></rss>`;
}

/** Feed `feed`'s address on the server listening on `port`: feeds take turns over the HOSTS addresses. */
export const feedUrl = (port: number, feed: number): string => `http://127.0.0.${1 + (feed % HOSTS)}:${port}/f/${feed}.xml`;

export interface FeedServer {
  readonly port: number;
  /** Requests answered so far, by status. */
  readonly answered: { full: number; notModified: number };
  /** Each of these feeds gains one item (a new version, with a new ETag); the others keep theirs unless `redated`. */
  change(feeds: number[]): void;
  close(): Promise<void>;
}

export interface FeedServerOptions {
  /** 0 (the default) for any free port; a fixed one keeps feed URLs across runs. */
  port?: number;
  fullText?: boolean;
  /** Called with the feed's number as each feed request arrives, before it is answered. */
  onRequest?: (feed: number) => void;
  /** A feed that gains an item re-dates all the others (see `itemTime`): every item of a changed feed is updated. */
  redated?: boolean;
}

/** Serves `/f/N.xml` for any N on every loopback address. */
export async function startFeedServer({ port = 0, fullText = false, onRequest, redated = false }: FeedServerOptions = {}): Promise<FeedServer> {
  const versions = new Map<number, number>();
  const bodies = new Map<string, { body: string; etag: string }>();
  const answered = { full: 0, notModified: 0 };
  const current = (feed: number) => {
    const version = versions.get(feed) ?? 0;
    const key = `${feed}:${version}`;
    let entry = bodies.get(key);
    if (!entry) {
      const body = feedBody(feed, version, fullText, redated);
      entry = { body, etag: `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"` };
      bodies.set(key, entry);
    }
    return entry;
  };
  const server = createServer((req, res) => {
    const feed = Number(/^\/f\/(\d+)\.xml$/.exec(req.url ?? "")?.[1]);
    if (!Number.isInteger(feed)) return void res.writeHead(404).end();
    onRequest?.(feed);
    const { body, etag } = current(feed);
    if (req.headers["if-none-match"] === etag) {
      answered.notModified++;
      return void res.writeHead(304, { etag }).end();
    }
    answered.full++;
    res.writeHead(200, { "content-type": "application/rss+xml", etag }).end(body);
  });
  // Every loopback address (127.0.0.1 to 127.0.0.HOSTS) reaches it.
  await new Promise<void>((resolve) => server.listen(port, "0.0.0.0", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    answered,
    change(feeds) {
      for (const feed of feeds) versions.set(feed, (versions.get(feed) ?? 0) + 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface HeraldProcessOptions {
  /** A folder of the bench's own: Herald's configuration and SQLite store go there. */
  folder: string;
  /** This server's port, and how many of its feeds Herald follows (each read every minute). */
  port: number;
  feeds: number;
  /** The fake Bot API Herald's Telegram bot talks to. */
  telegram: { token: string; apiRoot: string };
  /** The health and metrics listener's port; none when absent. */
  httpPort?: number;
  /** More variables (HERALD_FEEDS_MINUTE_MS, MALLOC_ARENA_MAX, …). */
  extra?: NodeJS.ProcessEnv;
}

/**
 * The arguments after `node` in `npm run start:prod` (its V8 flags, then dist/src/main.js): the process
 * benches start Herald as production does. `plain`: dist/src/main.js alone, for a comparison.
 */
export function productionNodeArgs({ plain = false } = {}): string[] {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  const [node, ...args] = scripts["start:prod"]!.split(" ");
  if (node !== "node" || args.at(-1) !== "dist/src/main.js") throw new Error(`start:prod is not "node [flags] dist/src/main.js": ${scripts["start:prod"]}`);
  return plain ? args.slice(-1) : args;
}

/**
 * The environment of `node dist/src/main.js` as the process benches start it: production mode, a SQLite
 * store, JSON logs, Telegram against the fake, no Discord, no Redis, following `feeds` feeds of this
 * server. Pages are not fetched, as in bench/feeds.ts: the items' links lead nowhere here, and with the
 * default (`fetchPages: true`) each item's short summary would send Herald to its page, 25,000 pages in
 * the first read. Writes the configuration file into `folder`.
 */
export function heraldProcessEnv({ folder, port, feeds, telegram, httpPort, extra = {} }: HeraldProcessOptions): NodeJS.ProcessEnv {
  const configFile = join(folder, "herald.json");
  const sources = Array.from({ length: feeds }, (_, i) => ({ url: feedUrl(port, i), everyMinutes: 1 }));
  writeFileSync(configFile, JSON.stringify({ feeds: { sources, fetchPages: false } }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HERALD_CONFIG: configFile,
    HERALD_STORE: `sqlite:${join(folder, "herald.sqlite")}`,
    HERALD_FEEDS_ALLOW_PRIVATE: "true",
    HERALD_LOG_FORMAT: "json",
    TELEGRAM_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DISCORD_TOKEN: "",
    ...(httpPort ? { HERALD_HTTP_PORT: String(httpPort) } : {}),
    ...extra,
  };
  delete env.REDIS_URL;
  return env;
}
