import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../../src");

/** Every .ts file under src/ with the relative modules it imports (type-only imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  for (const file of files) {
    const text = readFileSync(path.join(SRC, file), "utf8");
    // `import … from "./x.js"`, `export … from "../y.js"`, `import("./z.js")`
    const specifiers = [...text.matchAll(/(?:from\s+|import\()\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]!);
    graph.set(
      file,
      specifiers.map((s) => path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), s)).replace(/\.js$/, ".ts")),
    );
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === "done") return null;
    if (state.get(file) === "open") return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, "done");
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

describe("src/ imports", () => {
  it("form no cycle, not even through type-only imports", () => {
    expect(findCycle(importGraph())).toBeNull();
  });

  it("keep the core free of platform libraries and adapters", () => {
    for (const [file, imports] of importGraph()) {
      if (!file.startsWith("core/")) continue;
      expect(imports.filter((i) => i.startsWith("adapters/")), file).toEqual([]);
      expect(readFileSync(path.join(SRC, file), "utf8"), file).not.toMatch(/from "(discord\.js|grammy)/);
    }
  });
});
