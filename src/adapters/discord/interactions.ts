import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from "discord.js";
import { answer, replyForError, type Asker, type Request } from "../../core/answer.js";
import type { Invocation } from "../../core/dispatch.js";
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

export interface InteractionOptions {
  deferAfterMs?: number;
}

/** Everything the bot does with an interaction; the returned handler never rejects. */
export function createInteractionHandler(services: Services, options: InteractionOptions = {}) {
  const { log, commands } = services;
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;

  const askerOf = (interaction: Interaction): Asker => ({
    services,
    chat: {
      platform: "discord",
      id: interaction.channelId ?? interaction.user.id,
      kind: interaction.inGuild() ? "group" : "private",
      title: interaction.guild?.name,
    },
    user: { id: interaction.user.id, name: interaction.user.username, language: interaction.locale },
    // In a DM the person is the whole audience; in a server, Manage Server decides.
    canManage: async () => !interaction.inGuild() || (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false),
  });

  /** Shows an error reply, always ephemeral, removing a public "thinking…" placeholder. */
  async function sendError(interaction: Answerable, reply: Reply): Promise<void> {
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

  /** Sends the replies; an in-place button edits the pressed message with the first. */
  async function send(interaction: Answerable, inPlace: boolean, replies: Reply[]): Promise<void> {
    const [first, ...rest] = replies;
    const messages = inPlace ? renderReply(first!, commands, { maxMessages: 1 }) : renderReply(first!, commands);
    const [head, ...tail] = messages;
    if (interaction.deferred) await interaction.editReply(head!);
    else if (inPlace && interaction.isButton()) await interaction.update(head!);
    else await interaction.reply(head!);
    for (const message of [...tail, ...rest.flatMap((reply) => renderReply(reply, commands))]) {
      await interaction.followUp(message);
    }
  }

  /** Answers once through the core, deferring (deferUpdate for an in-place button) if the work outlasts `deferAfterMs`. */
  async function respond(interaction: Answerable, request: Request): Promise<void> {
    let where = "discord";
    let deferral: Promise<unknown> | undefined;
    let timer: NodeJS.Timeout | undefined;
    const startDeferring = ({ command, inPlace }: { command: string; inPlace: boolean }) => {
      where = `discord /${command}`;
      timer = setTimeout(() => {
        deferral = inPlace && interaction.isButton() ? interaction.deferUpdate() : interaction.deferReply();
        deferral.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      }, deferAfterMs);
    };
    const result = await answer(request, askerOf(interaction), { onStart: startDeferring }).finally(() => clearTimeout(timer));
    if (result.error) {
      await deferral?.catch(() => undefined);
      return sendError(interaction, result.error);
    }
    try {
      await deferral;
      await send(interaction, result.inPlace, result.replies);
    } catch (err) {
      // Discord refused the answer (an expired interaction, a failed deferral): say so, ephemerally, if it still listens.
      await deferral?.catch(() => undefined);
      await sendError(interaction, replyForError(err, log, where));
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
      return respond(interaction, { invocation: { command: interaction.commandName, options: optionsOf(interaction) } });
    }
    if (interaction.isButton()) return respond(interaction, { button: interaction.customId });
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
