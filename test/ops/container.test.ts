import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { DockerfileParser } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configVariables } from "../../src/core/config.js";
import { silentLogger } from "../../src/core/log.js";
import { startOpsServer } from "../../src/ops/http.js";
import { createPrometheusMetrics } from "../../src/ops/prometheus.js";
import { Readiness } from "../../src/ops/readiness.js";

const exec = promisify(execFile);
const dockerfileText = readFileSync("Dockerfile", "utf8");
const dockerfile = DockerfileParser.parse(dockerfileText);
const instructions = dockerfile.getInstructions().map((i) => ({
  keyword: i.getKeyword(),
  args: i.getArgumentsContent() ?? "",
  /** The stage a COPY takes from (`--from=build`), if any. */
  from: (i as { getFromFlag?: () => { getValue(): string | null } | null }).getFromFlag?.()?.getValue() ?? null,
}));
const finalStage = instructions.slice(instructions.map((i) => i.keyword).lastIndexOf("FROM"));
const knownVariables = new Set(configVariables().flatMap((key) => key.names));

/** The variables the image sets (every ENV of the final stage, `NAME=value` pairs). */
const imageEnv = Object.fromEntries(
  finalStage
    .filter((i) => i.keyword === "ENV")
    .flatMap((i) => [...i.args.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!] as const)),
);
/** Variables the image sets for node and the C library, not for Herald's configuration. */
const RUNTIME_VARIABLES = new Set(["NODE_ENV", "MALLOC_ARENA_MAX"]);

/** The exec form's words, e.g. `CMD ["node", "dist/src/main.js"]` → node, dist/src/main.js. */
const execForm = (args: string): string[] => JSON.parse(args.replace(/^.*?(?=\[)/s, "").replace(/\\\n\s*/g, "")) as string[];

describe("the Dockerfile (no Docker engine here: linted, read, and its commands run)", () => {
  it("passes the Dockerfile linter, which does flag a broken file", () => {
    expect(validate(dockerfileText)).toEqual([]);
    expect(validate("FROM node:20\nRUNN npm ci\n").length).toBeGreaterThan(0);
  });

  it("builds in one stage and runs in another, as a non-root user, with data and stories as volumes", () => {
    expect(instructions.filter((i) => i.keyword === "FROM")).toHaveLength(2);
    const fromBuild = finalStage.filter((i) => i.keyword === "COPY" && i.from === "build").map((i) => i.args);
    expect(fromBuild).toEqual(["/app/node_modules ./node_modules", "/app/dist ./dist"]);
    expect(finalStage.filter((i) => i.keyword === "USER").map((i) => i.args)).toEqual(["node"]);
    const volumes = finalStage.filter((i) => i.keyword === "VOLUME").flatMap((i) => execForm(i.args));
    expect(volumes).toEqual(["/app/data", "/app/stories"]);
    const command = execForm(finalStage.find((i) => i.keyword === "CMD")!.args);
    expect([command[0], command.at(-1)]).toEqual(["node", "dist/src/main.js"]);
  });

  it("keeps only production dependencies: the README's build sequence, then the pruned node_modules", () => {
    const npm = instructions.filter((i) => i.keyword === "RUN" && i.args.startsWith("npm ")).map((i) => i.args);
    expect(npm).toEqual(["npm install -g npm@11", "npm ci", "npm run build", "npm prune --omit=dev"]);
    expect(readFileSync("README.md", "utf8")).toContain("npm ci && npm run build && npm prune --omit=dev");
  });

  it("copies what npm run build reads (the build script, the sources, the command files) before running it", () => {
    const buildAt = instructions.findIndex((i) => i.keyword === "RUN" && i.args === "npm run build");
    const copiedBefore = instructions
      .slice(0, buildAt)
      .filter((i) => i.keyword === "COPY")
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copiedBefore).toEqual(expect.arrayContaining(["package.json", "tsconfig.json", "scripts", "src", "commands"]));
  });

  it("copies only files that exist, and sets only known variables", () => {
    const copied = instructions
      .filter((i) => i.keyword === "COPY" && i.from === null)
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied.filter((file) => !existsSync(file))).toEqual([]);
    const names = Object.keys(imageEnv).filter((n) => !RUNTIME_VARIABLES.has(n));
    expect(names.filter((n) => !knownVariables.has(n))).toEqual([]);
  });

  it("has a HEALTHCHECK whose command passes against a running Herald and fails when none listens", async () => {
    const healthcheck = finalStage.find((i) => i.keyword === "HEALTHCHECK")!;
    const [command, ...args] = execForm(healthcheck.args);
    expect(command).toBe("node");
    const ops = await startOpsServer({
      port: 0,
      host: "127.0.0.1",
      registry: createPrometheusMetrics().registry,
      readiness: new Readiness(),
      log: silentLogger,
    });
    const port = ops.address().port;
    await expect(exec(process.execPath, args, { env: { HERALD_HTTP_PORT: String(port) } })).resolves.toBeDefined();
    await ops.close();
    await expect(exec(process.execPath, args, { env: { HERALD_HTTP_PORT: String(port) } })).rejects.toMatchObject({ code: 1 });
  });
});

describe("compose.yaml (parsed, not run: no Docker engine here)", () => {
  const compose = parse(readFileSync("compose.yaml", "utf8")) as {
    services: Record<string, { build?: string; environment?: Record<string, string>; volumes?: string[]; ports?: string[]; depends_on?: Record<string, { condition: string }>; healthcheck?: { test: string[] } }>;
    volumes: Record<string, unknown>;
  };
  const herald = compose.services.herald!;

  it("runs Herald, built from this folder, on Redis once Redis answers", () => {
    expect(herald.build).toBe(".");
    expect(herald.depends_on).toEqual({ redis: { condition: "service_healthy" } });
    expect(herald.environment?.HERALD_STORE).toBe("redis://redis:6379");
    expect(compose.services.redis?.healthcheck?.test).toEqual(["CMD", "redis-cli", "ping"]);
  });

  it("keeps Herald's data and stories in volumes and publishes the health port it listens on", () => {
    // `source:target[:ro]`, where the source may be `${HERALD_STORIES:-./seeds}`.
    const targets = herald.volumes!.map((v) => v.replace(/:ro$/, "").split(":").at(-1));
    expect(targets).toEqual(["/app/data", "/app/stories"]);
    expect(herald.ports).toEqual([`127.0.0.1:${herald.environment?.HERALD_HTTP_PORT}:9464`]);
    expect(Object.keys(compose.volumes)).toContain("herald-data");
  });

  it("sets only variables Herald knows", () => {
    expect(Object.keys(herald.environment ?? {}).filter((n) => !knownVariables.has(n))).toEqual([]);
  });
});

describe("the production start (npm run start:prod, the image, compose): the allocator setting (docs/feeds.md)", () => {
  const startProd = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts["start:prod"]!;

  it("starts dist/src/main.js in the image as npm run start:prod does, with no shell variable in the npm script", () => {
    expect(execForm(finalStage.find((i) => i.keyword === "CMD")!.args)).toEqual(startProd.split(" "));
    expect(startProd).not.toMatch(/^\w+=/);
  });

  it("sets MALLOC_ARENA_MAX=2 in the image, and compose keeps the image's command and that variable", () => {
    expect(imageEnv.MALLOC_ARENA_MAX).toBe("2");
    const compose = parse(readFileSync("compose.yaml", "utf8")) as { services: Record<string, Record<string, unknown>> };
    const herald = compose.services.herald!;
    expect(herald.command).toBeUndefined();
    expect(herald.entrypoint).toBeUndefined();
    expect(Object.keys((herald.environment as Record<string, string> | undefined) ?? {})).not.toContain("MALLOC_ARENA_MAX");
  });
});
