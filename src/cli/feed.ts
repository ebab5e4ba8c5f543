import path from "node:path";
import { readFile, writeFile } from "node:fs/promises";
import { loadConfig, type Config } from "../core/config.js";
import { isHeraldError } from "../core/errors.js";
import { DEFAULT_LIMITS, FeedClient } from "../feeds/client.js";
import { feedsFromOpml, opmlOf } from "../feeds/opml.js";
import { readFeed } from "../feeds/reader.js";
import { newestFirst, type Report } from "../feeds/report.js";
import type { CliIO } from "./io.js";
import { PROJECT_ROOT } from "../core/paths.js";

export const FEED_USAGE = `usage: herald feed URL [--json] [--pages]
  --json   print the feed's reports as a JSON array, newest first
  --pages  fetch the page of an item that carries only a short summary (Readability)`;
export const FEEDS_USAGE = `usage: herald feeds import FILE.opml   add the OPML's feeds to the config file
       herald feeds export             print the followed feeds as OPML`;

const messageOf = (err: unknown): string => (isHeraldError(err) ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`);

const renderReport = (r: Report): string =>
  [`${r.published?.slice(0, 16).replace("T", " ") ?? "undated"}  ${r.outlet ?? ""}: ${r.title}`, r.url ? `  ${r.url}` : null, `  id ${r.id}`].filter(Boolean).join("\n");

/** `herald feed URL [--json]`: reads one feed once; a feed it cannot read gives exit 1 and one stderr line. */
export async function runFeed(args: string[], io: CliIO, config?: Config): Promise<number> {
  const flags = new Set(args.filter((a) => a.startsWith("--")));
  const urls = args.filter((a) => !a.startsWith("--"));
  const unknown = [...flags].filter((f) => !["--json", "--pages", "--help"].includes(f));
  if (flags.has("--help")) {
    io.out(FEED_USAGE);
    return 0;
  }
  if (unknown.length || urls.length !== 1) {
    io.err(`herald feed: ${unknown.length ? `unknown option ${unknown[0]}` : urls.length ? "give exactly one URL" : "no URL given"}\n${FEED_USAGE}`);
    return 1;
  }
  const url = urls[0]!;
  let settings: Config["feeds"];
  try {
    settings = (config ?? loadConfig()).feeds;
  } catch (err) {
    io.err(messageOf(err));
    return 1;
  }
  const client = new FeedClient({ ...DEFAULT_LIMITS, allowPrivate: settings.allowPrivateAddresses });
  try {
    const read = await readFeed(client, url, { fetchPages: flags.has("--pages") });
    if (read.kind !== "read") {
      io.err(`${url}: ${read.kind === "failed" ? read.reason : "not modified"}`);
      return 1;
    }
    const reports = [...read.reports].sort(newestFirst);
    io.out(flags.has("--json") ? JSON.stringify(reports, null, 2) : [`${read.title ?? url} (${read.format}, ${reports.length} items)`, ...reports.map(renderReport)].join("\n\n"));
    return 0;
  } finally {
    await client.close();
  }
}

/** `herald feeds import FILE.opml` / `herald feeds export`. */
export async function runFeeds(args: string[], io: CliIO, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [action, ...rest] = args;
  const file = env.HERALD_CONFIG ?? path.join(PROJECT_ROOT, "config", "default.json");
  let config: Config;
  try {
    config = loadConfig(env, file);
  } catch (err) {
    io.err(messageOf(err));
    return 1;
  }
  if (action === "export" && rest.length === 0) {
    io.out(opmlOf(config.feeds.sources));
    return 0;
  }
  if (action !== "import" || rest.length !== 1) {
    io.err(`herald feeds: ${action ? `unknown or incomplete command "${args.join(" ")}"` : "import or export?"}\n${FEEDS_USAGE}`);
    return 1;
  }
  const opmlFile = rest[0]!;
  let found: ReturnType<typeof feedsFromOpml>;
  try {
    found = feedsFromOpml(await readFile(opmlFile, "utf8"));
  } catch (err) {
    io.err(`${opmlFile}: ${isHeraldError(err) ? err.message : `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`}`);
    return 1;
  }
  for (const line of found.skipped) io.err(`${opmlFile}: skipped ${line}`);
  // The file as written (not the loaded config), so env overrides and defaults do not leak into it.
  const raw = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  const feeds = Array.isArray(raw.feeds) ? { sources: raw.feeds } : { ...(raw.feeds as Record<string, unknown> | undefined) };
  const sources = Array.isArray(feeds.sources) ? [...(feeds.sources as { url: string }[])] : [];
  const added = found.feeds.filter((f) => !sources.some((s) => s.url === f.url));
  raw.feeds = { ...feeds, sources: [...sources, ...added] };
  await writeFile(file, `${JSON.stringify(raw, null, 2)}\n`);
  io.out(`${file}: added ${added.length} feed${added.length === 1 ? "" : "s"}${found.feeds.length > added.length ? ` (${found.feeds.length - added.length} already followed)` : ""}`);
  return found.feeds.length === 0 && found.skipped.length > 0 ? 1 : 0;
}
