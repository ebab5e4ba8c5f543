import { NO_FEED_ORIGIN, type Story, type TimelineEvent } from "../../src/core/story.js";

/** A hand-written aggregated story; override any field. */
export function makeStory(overrides: Partial<Story> & { id: string }): Story {
  return {
    kind: "story",
    title: `Story ${overrides.id}`,
    dek: null,
    articleCount: 3,
    relatedCount: 3,
    sections: [{ heading: "What happened", text: "Something happened. Then more happened. And more. And yet more.", citations: [1] }],
    timeline: [],
    images: [],
    outlets: [],
    warnings: [],
    ...NO_FEED_ORIGIN,
    ...overrides,
  };
}

/** A timeline event on a day (`2026-01-20`), month (`2026-01`) or year (`2026`). */
export function event(iso: string, text: string, citations: number[] = [1]): TimelineEvent {
  const precision = iso.length === 4 ? "year" : iso.length === 7 ? "month" : "day";
  return { date: { text: iso, iso, precision, qualifier: null }, text, citations };
}

export const harbour = makeStory({
  id: "harbour",
  title: "Harbour Strike Enters Third Week in Rotterdam",
  articleCount: 7,
  relatedCount: 7,
  outlets: ["NRC", "Reuters"],
  sections: [
    { heading: "Dockworkers Walk Out", text: "Dockworkers stopped work on 2 March [1]. Ships queued offshore [2].", citations: [1, 2] },
    { heading: "Talks Stall", text: "Talks with the port authority stalled [3].", citations: [3] },
  ],
  timeline: [
    event("2026-03-02", "Dockworkers walk out over pay", [1]),
    event("2026-03-09", "Ships begin to divert to Antwerp", [2]),
    event("2026-03-16", "Mediator appointed", [3, 1]),
  ],
});

export const glacier = makeStory({
  id: "glacier",
  title: "Glacier Retreat Speeds Up in the Alps, Survey Finds",
  timeline: [event("2025-08", "Survey flights over the Aletsch glacier", [1]), event("2025-11-04", "Report published", [2])],
});

export const franco = makeStory({
  id: "franco",
  title: "Envoy Meets Kremlin Adviser Ahead of Franco\u2011Russian Talks",
  timeline: [event("2026-02-05", "Envoy meets adviser", [5])],
});

export const article = makeStory({
  id: "article",
  kind: "article",
  title: "Café owners protest new terrace rules",
  dek: "Owners of cafés in Lyon say the rules will cost them a summer. The city disagrees.",
  articleCount: null,
  relatedCount: null,
  outlets: ["Le Progrès"],
  sections: [{ heading: null, text: "The rules take effect in June.", citations: [] }],
});
