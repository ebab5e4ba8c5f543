import type { APIEmbed } from "discord.js";
import { DISCORD_LIMITS, type DiscordMessage } from "../../src/adapters/discord/render.js";

/** Reading rendered Discord messages the way a person (or Discord's validator) would. */

/** Removes Discord markdown: `**bold**` markers and backslash escapes. */
export function unmarkdown(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === "\\" && i + 1 < text.length) {
      out += text[i + 1];
      i += 1;
    } else if (ch === "*" && text[i + 1] === "*") {
      i += 1;
    } else {
      out += ch;
    }
  }
  return out;
}

export const embedsOf = (message: DiscordMessage): APIEmbed[] => message.embeds.map((e) => e.toJSON());

export const visibleText = (message: DiscordMessage): string => embedsText(embedsOf(message));

/** What a person reads in embeds as Discord receives them (JSON), parts joined by newlines. */
export function embedsText(embeds: APIEmbed[]): string {
  return embeds
    .flatMap((e) => [
      e.title ? unmarkdown(e.title) : "",
      e.description ? unmarkdown(e.description) : "",
      ...(e.fields ?? []).flatMap((f) => [unmarkdown(f.name), unmarkdown(f.value)]),
      e.footer?.text ?? "",
    ])
    .filter(Boolean)
    .join("\n");
}

export const limitProblems = (message: DiscordMessage): string[] =>
  bodyLimitProblems({ embeds: embedsOf(message), components: message.components.map((row) => row.toJSON()) });

/** Limit problems of a message body as Discord receives it (JSON); empty when within every limit. */
export function bodyLimitProblems(body: { embeds?: APIEmbed[]; components?: Array<{ components: unknown[] }> }): string[] {
  const problems: string[] = [];
  const embeds = body.embeds ?? [];
  const over = (what: string, length: number, max: number) => {
    if (length > max) problems.push(`${what} is ${length} > ${max}`);
  };
  over("embed count", embeds.length, DISCORD_LIMITS.embedsPerMessage);
  let total = 0;
  embeds.forEach((e, i) => {
    over(`embed ${i} title`, e.title?.length ?? 0, DISCORD_LIMITS.title);
    over(`embed ${i} description`, e.description?.length ?? 0, DISCORD_LIMITS.description);
    over(`embed ${i} fields`, e.fields?.length ?? 0, DISCORD_LIMITS.fieldsPerEmbed);
    over(`embed ${i} footer`, e.footer?.text.length ?? 0, DISCORD_LIMITS.footer);
    for (const f of e.fields ?? []) {
      over(`embed ${i} field name`, f.name.length, DISCORD_LIMITS.fieldName);
      over(`embed ${i} field value`, f.value.length, DISCORD_LIMITS.fieldValue);
      if (!f.name || !f.value) problems.push(`embed ${i} has an empty field`);
    }
    const chars = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    if (chars === 0) problems.push(`embed ${i} is empty`);
    total += chars;
  });
  over("message characters", total, DISCORD_LIMITS.charactersPerMessage);
  const rows = body.components ?? [];
  over("button rows", rows.length, DISCORD_LIMITS.buttonRows);
  for (const row of rows) {
    over("buttons in a row", row.components.length, DISCORD_LIMITS.buttonsPerRow);
    for (const button of row.components as Array<{ label?: string; custom_id?: string }>) {
      over("button label", button.label?.length ?? 0, DISCORD_LIMITS.buttonLabel);
      over("custom_id", button.custom_id?.length ?? 0, 100);
    }
  }
  return problems;
}

export const buttonData = (message: DiscordMessage): string[] =>
  message.components.flatMap((row) => (row.toJSON().components as Array<{ custom_id?: string }>).map((b) => b.custom_id ?? ""));
