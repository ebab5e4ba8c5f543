import { z } from "zod";

/** Precision of a timeline date as the document wrote it. */
export const DatePrecision = z.enum(["year", "month", "day"]);

export const StoryDate = z.object({
  /** The date exactly as written in the document (for display). */
  text: z.string(),
  /** YYYY, YYYY-MM or YYYY-MM-DD, matching the precision. */
  iso: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/),
  precision: DatePrecision,
  qualifier: z.enum(["early", "mid", "late"]).nullable(),
});

export const TimelineEvent = z.object({
  date: StoryDate,
  text: z.string(),
  citations: z.array(z.number().int().positive()),
});

export const Section = z.object({
  heading: z.string().nullable(),
  text: z.string(),
  citations: z.array(z.number().int().positive()),
});

export const StoryImage = z.object({
  caption: z.string().nullable(),
  credit: z.string().nullable(),
  outlet: z.string().nullable(),
});

/** The one model every document is parsed into (see ../shared/spec/story-format.md). */
export const StorySchema = z.object({
  id: z.string().min(1),
  kind: z.enum(["story", "article"]),
  title: z.string(),
  dek: z.string().nullable(),
  articleCount: z.number().int().nonnegative().nullable(),
  relatedCount: z.number().int().nonnegative().nullable(),
  sections: z.array(Section),
  timeline: z.array(TimelineEvent),
  images: z.array(StoryImage),
  outlets: z.array(z.string()),
  warnings: z.array(z.string()),
  // Where the report came from (feeds.md); all null for documents of the stories folder.
  /** The item's link. */
  url: z.string().nullable(),
  /** Publication time, ISO 8601 date-time with offset or Z. */
  published: z.iso.datetime({ offset: true }).nullable(),
  /** The outlet shown to readers: the feed's configured name, else its title. */
  outlet: z.string().nullable(),
  /** The feed's URL. */
  feed: z.string().nullable(),
});

export type Story = z.infer<typeof StorySchema>;

/** The origin fields of a document from the stories folder: it has none. */
export const NO_FEED_ORIGIN = { url: null, published: null, outlet: null, feed: null } as const satisfies Pick<Story, "url" | "published" | "outlet" | "feed">;
export type StoryDate = z.infer<typeof StoryDate>;
export type TimelineEvent = z.infer<typeof TimelineEvent>;
export type Section = z.infer<typeof Section>;
export type StoryImage = z.infer<typeof StoryImage>;

/**
 * "The same event": a short, stable key (FNV-1a of its date and text), the one way the folder watcher,
 * digests and notices tell new events from known ones.
 */
export function eventKey(event: TimelineEvent): string {
  const text = `${event.date.iso}|${event.text}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
