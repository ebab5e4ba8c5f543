import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configVariables, EXTRA_VARIABLES } from "../../src/core/config.js";

/** Rows of the README's configuration table: variable → config key. */
function readmeRows(): Map<string, string> {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
  const rows = new Map<string, string>();
  for (const match of section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| (?:`([^`]+)`|—) \|/gm)) rows.set(match[1]!, match[2] ?? "");
  return rows;
}

/** Variables `.env.example` mentions, as `NAME=` or `# NAME=`. */
function envExampleNames(): Set<string> {
  const text = readFileSync(".env.example", "utf8");
  return new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
}

const variables = configVariables().flatMap((key) => key.names.map((name) => ({ name, path: key.path })));

describe("the configuration's documentation", () => {
  it("has a README row for every variable of the schema, naming its key", () => {
    const rows = readmeRows();
    const missing = variables.filter(({ name, path }) => rows.get(name) !== path).map(({ name, path }) => `${name} (${path})`);
    expect(missing, "add these rows to the README's configuration table").toEqual([]);
  });

  it("documents no variable that does not exist", () => {
    const known = new Set<string>([...variables.map((v) => v.name), ...EXTRA_VARIABLES]);
    expect([...readmeRows().keys()].filter((name) => !known.has(name))).toEqual([]);
    expect([...envExampleNames()].filter((name) => !known.has(name))).toEqual([]);
  });

  it("lists every variable in .env.example", () => {
    const listed = envExampleNames();
    expect(variables.map((v) => v.name).filter((name) => !listed.has(name)), "add these to .env.example, each with a comment").toEqual([]);
    for (const extra of EXTRA_VARIABLES) expect(listed.has(extra)).toBe(true);
  });

  it("gives every variable in .env.example a comment line just above it", () => {
    const lines = readFileSync(".env.example", "utf8").split("\n");
    lines.forEach((line, i) => {
      if (/^#? ?[A-Z][A-Z0-9_]*=/.test(line)) expect(lines[i - 1], `comment above ${line}`).toMatch(/^#+ \S/);
      if (/^#? ?[A-Z][A-Z0-9_]*=/.test(line)) expect(lines[i - 1]).not.toMatch(/^#? ?[A-Z][A-Z0-9_]*=/);
    });
  });
});
