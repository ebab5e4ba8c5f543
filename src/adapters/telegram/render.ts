import type { InlineKeyboardButton } from "grammy/types";
import { encodeButton } from "../../core/dispatch.js";
import { linkOf, type Button, type Reply } from "../../core/reply.js";
import type { CommandRegistry } from "../../core/services.js";
import { ELLIPSIS, splitText, truncate } from "../../core/text.js";

/** Telegram's limit for one message's text. */
export const MESSAGE_MAX_CHARS = 4096;
/** A reply longer than this many messages is cut, so one command never floods a chat. */
export const MAX_MESSAGES_PER_REPLY = 5;
/** Telegram's limit for the text of an answerCallbackQuery alert. */
export const ALERT_MAX_CHARS = 200;
/** Callback data of a disabled button: pressing it only stops the client's spinner. */
export const NOOP_BUTTON_DATA = "noop";

const TITLE_MAX_CHARS = 256;
const FOOTER_MAX_CHARS = 512;
const BUTTON_LABEL_MAX_CHARS = 64;
/** Room kept free in every message for the "…" that marks a cut. */
const CUT_MARK = `\n${ELLIPSIS}`;
const BUDGET = MESSAGE_MAX_CHARS - CUT_MARK.length;

/** One Telegram message: HTML text (parse_mode "HTML") and an optional inline keyboard. */
export interface TelegramMessage {
  text: string;
  keyboard?: InlineKeyboardButton.CallbackButton[][];
}

export interface TelegramRenderer {
  /** The messages of a reply, in order; the keyboard rides on the last one. */
  render(reply: Reply): TelegramMessage[];
  /** One message for an in-place edit: content beyond one message is cut and marked with "…". */
  renderSingle(reply: Reply): TelegramMessage;
}

/** Escapes the three characters Telegram's HTML parse mode reserves. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** What a person reads of a message: tags removed, entities decoded (for tests and logs). */
export const htmlToPlain = (html: string): string =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/** A unit of content: `label` (HTML, never split) starts it, `plain` may be split across messages. */
interface Piece {
  label: string;
  plain: string;
  /** Markup around a piece that is never split (title, footer). */
  wrap?: [string, string];
  separator: "\n" | "\n\n";
}

/** A chunk smaller than this is not worth starting at the end of a nearly full message. */
const MIN_FILL_CHARS = 200;

/** The longest start of `plain` whose escaped form fits `room`, cut at a paragraph, line or word; and the rest. */
function takeFitting(plain: string, room: number): [string, string] {
  const text = plain.trimStart();
  if (escapeHtml(text).length <= room) return [text, ""];
  // Escaping can grow `&` fivefold, so shrink until the escaped chunk fits.
  let max = room;
  for (;;) {
    const first = splitText(text, Math.max(1, max))[0] ?? "";
    const fits = escapeHtml(first).length <= room;
    if (fits || max <= 1) {
      const chunk = fits ? first : text.slice(0, 1);
      return [chunk, text.slice(chunk.length).trimStart()];
    }
    max = Math.floor((max * room) / escapeHtml(first).length) - 1;
  }
}

function piecesOf(reply: Reply): Piece[] {
  const pieces: Piece[] = [];
  const short = (text: string, max: number) => escapeHtml(truncate(text.trim(), max));
  const linked = (html: string, url: string | undefined) => {
    const link = linkOf(url);
    return link ? `<a href="${escapeHtml(link).replace(/"/g, "&quot;")}">${html}</a>` : html;
  };
  if (reply.title?.trim()) pieces.push({ label: "", plain: "", wrap: ["<b>", `${linked(short(reply.title, TITLE_MAX_CHARS), reply.url)}</b>`], separator: "\n\n" });
  for (const block of reply.blocks) {
    const heading = block.heading?.trim() ? `<b>${linked(short(block.heading, TITLE_MAX_CHARS), block.url)}</b>\n` : "";
    if (heading || block.text.trim()) pieces.push({ label: heading, plain: block.text.trim(), separator: "\n\n" });
  }
  (reply.fields ?? []).forEach((field, i) => {
    pieces.push({ label: `<b>${short(field.name, TITLE_MAX_CHARS)}:</b> `, plain: field.value.trim(), separator: i === 0 ? "\n\n" : "\n" });
  });
  if (reply.footer?.trim()) pieces.push({ label: "", plain: "", wrap: ["<i>", `${short(reply.footer, FOOTER_MAX_CHARS)}</i>`], separator: "\n\n" });
  return pieces;
}

/** Packs pieces into message texts of at most BUDGET characters, splitting text to fill each message. */
function pack(pieces: Piece[]): string[] {
  const texts: string[] = [];
  let current = "";
  const flush = () => {
    if (current) texts.push(current.trimEnd());
    current = "";
  };
  for (const piece of pieces) {
    if (piece.wrap) {
      const html = piece.wrap.join("");
      if (current && current.length + piece.separator.length + html.length > BUDGET) flush();
      current += (current ? piece.separator : "") + html;
      continue;
    }
    let { label, plain } = piece;
    let separator: string = piece.separator;
    for (;;) {
      const lead = current ? separator : "";
      const room = BUDGET - current.length - lead.length - label.length;
      if (escapeHtml(plain).length <= room) {
        current += lead + label + escapeHtml(plain);
        break;
      }
      if (room < MIN_FILL_CHARS && current) {
        flush();
        continue;
      }
      const [chunk, rest] = takeFitting(plain, room);
      current += lead + label + escapeHtml(chunk);
      flush();
      label = "";
      separator = "\n";
      plain = rest;
      if (!plain) break;
    }
  }
  flush();
  return texts;
}

/** The renderer of Telegram HTML messages; buttons are encoded with the command registry. */
export function createTelegramRenderer(registry: CommandRegistry): TelegramRenderer {
  const buttonOf = (button: Button): InlineKeyboardButton.CallbackButton => ({
    text: truncate(button.label, BUTTON_LABEL_MAX_CHARS),
    // Telegram has no greyed-out button; a disabled one stays in place (the layout does not jump)
    // and pressing it does nothing but stop the spinner.
    callback_data: button.disabled ? NOOP_BUTTON_DATA : encodeButton(button.action, registry),
  });
  const keyboardOf = (reply: Reply) => {
    const rows = (reply.buttons ?? []).filter((row) => row.length).map((row) => row.map(buttonOf));
    return rows.length ? rows : undefined;
  };

  const render = (reply: Reply): TelegramMessage[] => {
    let texts = pack(piecesOf(reply));
    const keyboard = keyboardOf(reply);
    if (!texts.length && !keyboard) return [];
    if (!texts.length) texts = [ELLIPSIS];
    if (texts.length > MAX_MESSAGES_PER_REPLY) {
      texts = texts.slice(0, MAX_MESSAGES_PER_REPLY);
      texts[texts.length - 1] += CUT_MARK;
    }
    const messages: TelegramMessage[] = texts.map((text) => ({ text }));
    if (keyboard) messages[messages.length - 1]!.keyboard = keyboard;
    return messages;
  };

  return {
    render,
    renderSingle(reply) {
      const messages = render(reply);
      const first = messages[0] ?? { text: ELLIPSIS };
      const keyboard = keyboardOf(reply);
      const text = messages.length > 1 ? first.text + CUT_MARK : first.text;
      return keyboard ? { text, keyboard } : { text };
    },
  };
}
