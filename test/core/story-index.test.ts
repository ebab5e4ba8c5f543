import { describe, expect, it } from "vitest";
import { createMemoryLibrary } from "../../src/core/story-index.js";
import { article, franco, glacier, harbour } from "../helpers/stories.js";

const library = createMemoryLibrary([glacier, franco, harbour, article]);

describe("story library", () => {
  it("finds stories put and removed before and after the first search (its index is built on first use)", () => {
    const growing = createMemoryLibrary([glacier]);
    growing.put({ story: franco, version: "v", file: "franco.txt", updatedAt: 1 });
    expect(growing.find("franco russian")).toMatchObject({ kind: "found", entry: { story: { id: "franco" } } });
    growing.put({ story: harbour, version: "v", file: "harbour.txt", updatedAt: 2 });
    expect(growing.find("rotterd")).toMatchObject({ kind: "found", entry: { story: { id: "harbour" } } });
    growing.remove("franco");
    expect(growing.find("franco russian").kind).toBe("unknown");
    growing.put({ story: { ...glacier, title: "Harbour strike ends" }, version: "w", file: "glacier.txt", updatedAt: 3 });
    expect(growing.find("harbour strike ends")).toMatchObject({ kind: "found", entry: { story: { id: "glacier" } } });
    expect(growing.find(glacier.title).kind).not.toBe("found");
  });

  it("lists stories by their newest dated event, newest first", () => {
    expect(library.list().map((e) => e.story.id)).toEqual(["harbour", "franco", "glacier", "article"]);
  });

  it("finds a story by id", () => {
    expect(library.find("glacier")).toMatchObject({ kind: "found", entry: { story: { id: "glacier" } } });
  });

  it("finds a story by title words, ignoring accents, case and punctuation", () => {
    expect(library.find("franco russian")).toMatchObject({ kind: "found", entry: { story: { id: "franco" } } });
    expect(library.find("CAFE terrace")).toMatchObject({ kind: "found", entry: { story: { id: "article" } } });
    expect(library.find("rotterd")).toMatchObject({ kind: "found", entry: { story: { id: "harbour" } } });
  });

  it("offers candidates when several titles match", () => {
    const found = library.find("in");
    expect(found.kind).toBe("ambiguous");
    if (found.kind === "ambiguous") expect(found.candidates.map((e) => e.story.id).sort()).toEqual(["glacier", "harbour"]);
  });

  it("offers the closest titles for an unknown story", () => {
    const found = library.find("glaciers alpes");
    expect(found.kind).toBe("unknown");
    if (found.kind === "unknown") expect(found.closest[0]?.story.id).toBe("glacier");
  });

  it("offers titles even for a query that shares nothing with any, newest first", () => {
    const found = library.find("zzzz");
    expect(found.kind).toBe("unknown");
    if (found.kind === "unknown") expect(found.closest.map((e) => e.story.id).slice(0, 2)).toEqual(["harbour", "franco"]);
  });

  it("suggests the newest stories for an empty query and matches for a partial one", () => {
    expect(library.suggest("", 2).map((e) => e.story.id)).toEqual(["harbour", "franco"]);
    expect(library.suggest("kreml", 5)[0]?.story.id).toBe("franco");
  });
});
