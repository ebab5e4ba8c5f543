import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from "discord.js";
import type { CommandContext } from "../../core/command.js";
import { decodeButton, replyForError, runCommand, type Invocation } from "../../core/dispatch.js";
import type { Reply } from "../../core/reply.js";
import type { Services } from "../../core/services.js";
import { truncate } from "../../core/text.js";
import { suggestTimeZones } from "../../core/timezones.js";
import { renderReply } from "./render.js";

/** Discord allows 3 s for the first answer; past this the answer is deferred, leaving room for the round trip. */
export const DEFER_AFTER_MS = 2_000;
/** Discord shows at most 25 autocomplete choices, each name and value at most 100 characters. */
const CHOICES_MAX = 25;
const CHOICE_TEXT_MAX = 100;

type Answerable = ChatInputCommandInteraction | ButtonInteraction;
/** "update" edits the message whose button was pressed; "reply" answers with new messages. */
type Mode = "reply" | "update";

export interface InteractionOptions {
  deferAfterMs?: number;
}

/** Everything the bot does with an interaction; the returned handler never rejects. */
export function createInteractionHandler(services: Services, options: InteractionOptions = {}) {
  const { log, commands } = services;
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;

  const contextOf = (interaction: Interaction, fromButton: boolean): CommandContext => ({
    services,
    chat: {
      platform: "discord",
      id: interaction.channelId ?? interaction.user.id,
      kind: interaction.inGuild() ? "group" : "private",
      title: interaction.guild?.name,
    },
    user: { id: interaction.user.id, name: interaction.user.username },
    // In a DM the person is the whole audience; in a server, Manage Server decides.
    canManage: async () => !interaction.inGuild() || (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false),
    fromButton,
  });

  /** The one place an error becomes a reply (always ephemeral) and a log line. */
  async function answerWithError(interaction: Answerable, err: unknown, where: string): Promise<void> {
    const reply = err instanceof ReplyAsError ? err.reply : replyForError(err, log, where);
    const [message] = renderReply(reply, commands, { maxMessages: 1 });
    const ephemeral = { ...message!, flags: MessageFlags.Ephemeral } as const;
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply(ephemeral);
      return;
    }
    await interaction.followUp(ephemeral);
    // A deferred reply shows "thinking…" to everyone until it is removed.
    if (interaction.deferred && !interaction.isButton()) await interaction.deleteReply();
  }

  async function send(interaction: Answerable, mode: Mode, replies: Reply[]): Promise<void> {
    const [first, ...rest] = replies;
    if (!first) throw new Error("the command gave no reply");
    if (first.tone === "error") throw new ReplyAsError(first);
    const messages =
      mode === "update"
        ? renderReply(first, commands, { maxMessages: 1 })
        : renderReply(first, commands);
    const [head, ...tail] = messages;
    if (interaction.deferred) await interaction.editReply(head!);
    else if (mode === "update" && interaction.isButton()) await interaction.update(head!);
    else await interaction.reply(head!);
    for (const message of [...tail, ...rest.flatMap((reply) => renderReply(reply, commands))]) {
      await interaction.followUp(message);
    }
  }

  /** Runs the work, deferring if it outlasts `deferAfterMs`, then answers once. */
  async function answer(interaction: Answerable, mode: Mode, where: string, work: () => Promise<Reply[]>): Promise<void> {
    let deferral: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      deferral = mode === "update" && interaction.isButton() ? interaction.deferUpdate() : interaction.deferReply();
      deferral.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    }, deferAfterMs);
    try {
      const replies = await work().finally(() => clearTimeout(timer));
      await deferral;
      await send(interaction, mode, replies);
    } catch (err) {
      await deferral?.catch(() => undefined);
      await answerWithError(interaction, err, where);
    }
  }

  const optionsOf = (interaction: ChatInputCommandInteraction): Invocation["options"] => {
    const values: Invocation["options"] = {};
    for (const option of interaction.options.data) {
      if (typeof option.value === "string" || typeof option.value === "number") values[option.name] = option.value;
    }
    return values;
  };

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const spec = commands.get(interaction.commandName)?.options[focused.name];
    if (spec?.autocomplete === "timezone") {
      const zones = suggestTimeZones(String(focused.value), CHOICES_MAX).map((c) => ({ name: truncate(c.name, CHOICE_TEXT_MAX), value: c.value }));
      await interaction.respond(zones);
      return;
    }
    if (spec?.autocomplete !== "story") {
      await interaction.respond([]);
      return;
    }
    const choices = services.library
      .suggest(String(focused.value), CHOICES_MAX)
      .filter((entry) => entry.story.id.length <= CHOICE_TEXT_MAX)
      .map((entry) => ({ name: truncate(entry.story.title || entry.story.id, CHOICE_TEXT_MAX), value: entry.story.id }));
    await interaction.respond(choices);
  }

  async function dispatch(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return autocomplete(interaction);
    if (interaction.isChatInputCommand()) {
      const invocation = { command: interaction.commandName, options: optionsOf(interaction) };
      return answer(interaction, "reply", `discord /${invocation.command}`, () => runCommand(invocation, contextOf(interaction, false)));
    }
    if (interaction.isButton()) {
      let action;
      try {
        action = decodeButton(interaction.customId, commands);
      } catch (err) {
        return answerWithError(interaction, err, "discord button");
      }
      const invocation = { command: action.command, options: action.options };
      return answer(interaction, action.inPlace ? "update" : "reply", `discord button /${action.command}`, () =>
        runCommand(invocation, contextOf(interaction, true)),
      );
    }
  }

  return async (interaction: Interaction): Promise<void> => {
    try {
      await dispatch(interaction);
    } catch (err) {
      // Reached when even the error reply failed, e.g. the interaction expired (Discord code 10062).
      log.warn(`discord: could not answer interaction ${interaction.id}`, err);
    }
  };
}

/** A command that answered with an error-toned reply: shown like a thrown error, ephemeral. */
class ReplyAsError extends Error {
  constructor(readonly reply: Reply) {
    super("error reply");
  }
}
