import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type APIEmbed, type APIEmbedField } from "discord.js";
import { encodeButton } from "../../core/dispatch.js";
import { linkOf, type Reply } from "../../core/reply.js";
import type { CommandRegistry } from "../../core/services.js";
import { ELLIPSIS, splitText, truncate } from "../../core/text.js";
import { translator } from "../../core/i18n.js";

/** Discord's documented limits for one message (characters are UTF-16 code units). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fieldsPerEmbed: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsPerMessage: 10,
  /** Title, description, field names and values, footer text of all embeds of one message. */
  charactersPerMessage: 6000,
  buttonRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
} as const;

/** A reply rarely needs more; beyond this the content is trimmed rather than flooding the channel. */
export const MAX_MESSAGES_PER_REPLY = 3;
/** The footer is kept short so it never crowds out the content it summarises. */
const FOOTER_MAX_CHARS = 512;
/** Below this much room a new embed is started rather than squeezing in a sliver of text. */
const MIN_ROOM_CHARS = DISCORD_LIMITS.fieldName + DISCORD_LIMITS.fieldValue;
const OMISSION_NOTE_CHARS = 40;
const COLOR = { info: 0x2f6fb5, error: 0xc0392b } as const;
const EMPTY = "\u200b";

/** One Discord message: what `interaction.reply`, `update` and `channel.send` take. */
export interface DiscordMessage {
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
}

export interface RenderOptions {
  /** 1 for in-place updates, which can only replace one message. */
  maxMessages?: number;
}

/** A bare link, left unescaped so Discord still links it: `https://example.com/a_b`. */
const BARE_URL = /(https?:\/\/[^\s<>]+)/;

/**
 * Escapes Discord markdown so story text shows literally; bare links stay clickable.
 * `*stars* [a](b) # x` → `\*stars\* \[a\](b) \# x` (line-start markers only: `#`, `>`, `-`, `+`, `1.`).
 */
export function escapeDiscordMarkdown(text: string): string {
  return text
    .split(BARE_URL)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/[\\*_~`|[\]<]/g, "\\$&")
            .replace(/^(\s*)([#>+-])/gm, "$1\\$2")
            .replace(/^(\s*\d+)\./gm, "$1\\."),
    )
    .join("");
}

/** Cuts already-escaped text without leaving a dangling backslash that would escape the next character. */
function dropDanglingEscape(text: string): string {
  const run = /\\+$/.exec(text)?.[0].length ?? 0;
  return run % 2 === 1 ? text.slice(0, -1) : text;
}

/** Escaped text of at most `max` characters, ending with an ellipsis when cut. */
function fitEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  const cut = truncate(escaped, max);
  return cut.endsWith(ELLIPSIS) ? `${dropDanglingEscape(cut.slice(0, -ELLIPSIS.length))}${ELLIPSIS}` : dropDanglingEscape(cut);
}

/** The first chunk of `text` within `max` characters, and what is left. */
function takeChunk(text: string, max: number): [string, string] {
  const chunk = dropDanglingEscape(splitText(text, max)[0] ?? "");
  return [chunk, text.trimStart().slice(chunk.length).trimStart()];
}

const embedChars = (e: APIEmbed): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
  (e.footer?.text.length ?? 0);

/** A markdown link target: parentheses encoded so `)` cannot end the link early. */
const linkTarget = (url: string) => url.replace(/\(/g, "%28").replace(/\)/g, "%29");

function describeBlocks(reply: Reply): string {
  return reply.blocks
    .map((block) => {
      const text = escapeDiscordMarkdown(block.text.trim());
      const raw = block.heading?.trim();
      if (!raw) return text;
      const shown = fitEscaped(escapeDiscordMarkdown(raw), DISCORD_LIMITS.title);
      const link = linkOf(block.url);
      const heading = link ? `**[${shown}](${linkTarget(link)})**` : `**${shown}**`;
      return text ? `${heading}\n${text}` : heading;
    })
    .filter(Boolean)
    .join("\n\n");
}

const toField = (f: { name: string; value: string; inline?: boolean }): APIEmbedField => ({
  name: fitEscaped(escapeDiscordMarkdown(f.name.trim()), DISCORD_LIMITS.fieldName) || EMPTY,
  value: fitEscaped(escapeDiscordMarkdown(f.value.trim()), DISCORD_LIMITS.fieldValue) || EMPTY,
  inline: f.inline ?? false,
});

/**
 * Lays embeds out over at most `maxMessages` messages: each embed and message within Discord's
 * limits, the description split at paragraph or word boundaries, overflow trimmed with an ellipsis.
 */
function layoutEmbeds(reply: Reply, maxMessages: number): APIEmbed[][] {
  const footer = reply.footer ? truncate(reply.footer.trim(), FOOTER_MAX_CHARS) : "";
  // Room for the footer and an omission note is kept in every message, since any may be the last.
  const reserve = footer.length + OMISSION_NOTE_CHARS;
  const messages: APIEmbed[][] = [[{}]];
  let omitted = 0;
  let cut = false;

  const message = () => messages.at(-1)!;
  const embed = () => message().at(-1)!;
  const messageRoom = () => DISCORD_LIMITS.charactersPerMessage - reserve - message().reduce((n, e) => n + embedChars(e), 0);
  const canGrow = () =>
    (message().length < DISCORD_LIMITS.embedsPerMessage && messageRoom() >= MIN_ROOM_CHARS) || messages.length < maxMessages;
  const grow = () => {
    if (message().length < DISCORD_LIMITS.embedsPerMessage && messageRoom() >= MIN_ROOM_CHARS) message().push({});
    else messages.push([{}]);
  };

  if (reply.title) embed().title = fitEscaped(escapeDiscordMarkdown(reply.title.trim()), DISCORD_LIMITS.title) || undefined;

  let rest = describeBlocks(reply);
  while (rest) {
    const separator = embed().description ? "\n\n" : "";
    const append = (text: string) => (embed().description = `${embed().description ?? ""}${separator}${text}`);
    const room = Math.min(DISCORD_LIMITS.description - (embed().description?.length ?? 0), messageRoom()) - separator.length;
    if (rest.length <= room) {
      append(rest);
      break;
    }
    if (room < MIN_ROOM_CHARS && canGrow()) {
      grow();
      continue;
    }
    if (!canGrow()) {
      if (room > OMISSION_NOTE_CHARS) append(fitEscaped(rest, room));
      cut = true;
      break;
    }
    const [chunk, remainder] = takeChunk(rest, room);
    append(chunk);
    rest = remainder;
    if (!canGrow()) {
      cut = true;
      break;
    }
    grow();
  }

  const fields = (reply.fields ?? []).map(toField);
  for (const [i, field] of fields.entries()) {
    const cost = field.name.length + field.value.length;
    const fits = () => (embed().fields?.length ?? 0) < DISCORD_LIMITS.fieldsPerEmbed && cost <= messageRoom();
    if (!fits() && canGrow()) grow();
    if (!fits()) {
      omitted = fields.length - i;
      break;
    }
    (embed().fields ??= []).push(field);
  }

  const t = translator(reply.locale);
  const notes = [footer, omitted ? `${ELLIPSIS} ${t("render-more-not-shown", { count: omitted })}` : cut ? `${ELLIPSIS} ${t("render-trimmed")}` : ""].filter(Boolean);
  if (notes.length) embed().footer = { text: notes.join(" · ") };
  // An embed needs some content; an empty reply still shows something rather than failing.
  for (const e of messages.flat()) if (!embedChars(e)) e.description = EMPTY;
  return messages;
}

function buildEmbed(data: APIEmbed, reply: Reply, last: boolean): EmbedBuilder {
  const embed = new EmbedBuilder().setColor(COLOR[reply.tone ?? "info"]);
  if (data.title) embed.setTitle(data.title);
  const link = linkOf(reply.url);
  if (data.title && link) embed.setURL(link);
  if (data.description) embed.setDescription(data.description);
  if (data.fields?.length) embed.addFields(data.fields);
  if (data.footer) embed.setFooter({ text: data.footer.text });
  if (last && reply.timestamp && !Number.isNaN(Date.parse(reply.timestamp))) embed.setTimestamp(new Date(reply.timestamp));
  return embed;
}

function buildButtons(reply: Reply, registry: CommandRegistry): ActionRowBuilder<ButtonBuilder>[] {
  return (reply.buttons ?? [])
    .filter((row) => row.length > 0)
    .slice(0, DISCORD_LIMITS.buttonRows)
    .map((row) =>
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        row.slice(0, DISCORD_LIMITS.buttonsPerRow).map((button) =>
          new ButtonBuilder()
            .setCustomId(encodeButton(button.action, registry))
            .setLabel(truncate(button.label.trim(), DISCORD_LIMITS.buttonLabel) || "…")
            .setStyle(button.action.inPlace ? ButtonStyle.Secondary : ButtonStyle.Primary)
            .setDisabled(button.disabled ?? false),
        ),
      ),
    );
}

/** Renders a reply as Discord messages (embeds, then the buttons under the last one). Pure. */
export function renderReply(reply: Reply, registry: CommandRegistry, options: RenderOptions = {}): DiscordMessage[] {
  const layout = layoutEmbeds(reply, Math.max(1, options.maxMessages ?? MAX_MESSAGES_PER_REPLY));
  const components = buildButtons(reply, registry);
  return layout.map((embeds, m) => {
    const lastMessage = m === layout.length - 1;
    return {
      embeds: embeds.map((data, e) => buildEmbed(data, reply, lastMessage && e === embeds.length - 1)),
      components: lastMessage ? components : [],
    };
  });
}
