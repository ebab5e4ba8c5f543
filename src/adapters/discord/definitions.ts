import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandIntegerOption,
  type SlashCommandStringOption,
} from "discord.js";
import type { Command, OptionSpec } from "../../core/command.js";
import { DEFAULT_LOCALE, describeCommand, describeOption as localOptionDescription, LOCALES, nameChoice, type Locale } from "../../core/i18n.js";
import type { CommandRegistry } from "../../core/services.js";
import { truncate } from "../../core/text.js";

/** Discord caps descriptions of commands and options at 100 characters. */
const DESCRIPTION_MAX = 100;

/** Discord shows a person the descriptions in their client's language when it has one: each language but the default. */
const localized = (describe: (locale: Locale) => string) =>
  Object.fromEntries(LOCALES.filter((l) => l !== DEFAULT_LOCALE).map((l) => [l, truncate(describe(l), DESCRIPTION_MAX)]));

function describeOption<T extends SlashCommandStringOption | SlashCommandIntegerOption>(o: T, command: string, name: string, spec: OptionSpec): T {
  return o
    .setName(name)
    .setDescription(truncate(spec.description, DESCRIPTION_MAX))
    .setDescriptionLocalizations(localized((l) => localOptionDescription(command, name, spec, l)))
    .setRequired(spec.required) as T;
}

/** A command of `commands/` as the slash command JSON Discord registers. Hidden options are left out. */
export function toSlashCommand(command: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const builder = new SlashCommandBuilder()
    .setName(command.name)
    .setDescription(truncate(command.description, DESCRIPTION_MAX))
    .setDescriptionLocalizations(localized((l) => describeCommand(command, l)))
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);
  // Discord hides the command from members without the right; the dispatcher checks again at run time.
  if (command.requires === "manage") builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
  // Discord wants required options first.
  const visible = Object.entries(command.options)
    .filter(([, spec]) => !spec.hidden)
    .sort(([, a], [, b]) => Number(b.required) - Number(a.required));
  for (const [name, spec] of visible) {
    if (spec.type === "integer") {
      builder.addIntegerOption((o) => {
        describeOption(o, command.name, name, spec);
        if (spec.min !== undefined) o.setMinValue(spec.min);
        if (spec.max !== undefined) o.setMaxValue(spec.max);
        return o;
      });
    } else {
      builder.addStringOption((o) => {
        describeOption(o, command.name, name, spec);
        if (spec.choices) {
          o.addChoices(...spec.choices.map((choice) => ({ name: choice, value: choice, name_localizations: localized((l) => nameChoice(command.name, name, choice, l)) })));
        }
        else if (spec.autocomplete) o.setAutocomplete(true);
        return o;
      });
    }
  }
  return builder.toJSON();
}

/** Every command of the registry as slash command JSON, in registry order. */
export const slashCommands = (registry: CommandRegistry): RESTPostAPIChatInputApplicationCommandsJSONBody[] =>
  registry.all().map(toSlashCommand);
