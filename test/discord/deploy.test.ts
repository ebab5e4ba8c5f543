import { describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/deploy.js";
import { loadCommands } from "../../src/core/registry.js";
import type { CommandRegistry } from "../../src/core/services.js";
import { testRegistry } from "./fixtures.js";
import { BOT_TOKEN, useFakeDiscord } from "./harness.js";

const TYPE = { string: 3, integer: 4 } as const;

const discord = useFakeDiscord();
const log = discord.log;

/** What Discord must receive for each command, read straight from the command definitions. */
function expectPayloadMatches(body: any[], registry: CommandRegistry): void {
  expect(body.map((c) => c.name)).toEqual(registry.all().map((c) => c.name));
  for (const command of registry.all()) {
    const sent = body.find((c) => c.name === command.name);
    expect(sent.description).toBe(command.description);
    expect(sent.type).toBe(1);
    expect(sent.contexts).toEqual([0, 1]); // servers and DMs with the bot
    expect(sent.default_member_permissions).toBe(command.requires === "manage" ? "32" : undefined);
    const visible = Object.entries(command.options).filter(([, spec]) => !spec.hidden);
    expect((sent.options ?? []).map((o: { name: string }) => o.name).sort()).toEqual(visible.map(([name]) => name).sort());
    for (const [name, spec] of visible) {
      const option = sent.options.find((o: { name: string }) => o.name === name);
      expect(option).toMatchObject({ type: TYPE[spec.type], description: spec.description, required: spec.required });
      expect(option.min_value).toBe(spec.min);
      expect(option.max_value).toBe(spec.max);
      expect(option.autocomplete ?? false).toBe(spec.autocomplete !== undefined && !spec.choices);
      expect(option.choices?.map((c: { value: string }) => c.value)).toEqual(spec.choices);
    }
    const requiredFirst = (sent.options ?? []).map((o: { required: boolean }) => o.required);
    expect(requiredFirst).toEqual([...requiredFirst].sort((a, b) => Number(b) - Number(a)));
  }
}

describe("npm run deploy-commands", () => {
  it("registers every command of commands/ globally with typed options", async () => {
    const commands = await loadCommands();
    const result = await deployCommands({ token: BOT_TOKEN, apiUrl: discord.fake.apiUrl, commands, log: log() });
    const put = await discord.fake.waitFor((c) => c.method === "PUT");
    expect(put.path).toBe(`/applications/${discord.fake.applicationId}/commands`);
    expect(put.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expectPayloadMatches(put.body, commands);
    expect(result).toEqual({ scope: "global", count: commands.all().length });
    const timeline = put.body.find((c: { name: string }) => c.name === "timeline");
    expect(timeline.options.map((o: { name: string }) => o.name)).not.toContain("version");
  });

  it("registers in one server when a guild id is given, with Manage Server on guarded commands", async () => {
    const commands = await testRegistry();
    await deployCommands({ token: BOT_TOKEN, apiUrl: discord.fake.apiUrl, guildId: "800000000000000001", commands, log: log() });
    const put = await discord.fake.waitFor((c) => c.method === "PUT");
    expect(put.path).toBe(`/applications/${discord.fake.applicationId}/guilds/800000000000000001/commands`);
    expectPayloadMatches(put.body, commands);
    expect(put.body.find((c: { name: string }) => c.name === "guarded").default_member_permissions).toBe("32");
    expect(discord.lines.join("\n")).toContain("in server 800000000000000001");
  });

  it("reports a rejected token without writing it anywhere", async () => {
    discord.fake.failNext("GET", /^\/applications\/@me$/, { status: 401, body: { message: "401: Unauthorized", code: 0 } });
    await expect(deployCommands({ token: BOT_TOKEN, apiUrl: discord.fake.apiUrl, commands: await loadCommands(), log: log() })).rejects.toThrow(
      "401: Unauthorized",
    );
    expect(discord.fake.calls.some((c) => c.method === "PUT")).toBe(false);
    for (const line of discord.lines) expect(line).not.toContain(BOT_TOKEN);
  });
});
