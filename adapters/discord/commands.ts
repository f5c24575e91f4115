/**
 * The slash commands Sanad registers: `/ask question:<text>` (with
 * autocomplete), `/sources` and `/help`.
 *
 * Discord has no Arabic locale, so the default texts are the Arabic ones and
 * French (`fr`) and English (`en-US`, `en-GB`) are localisations; every
 * description comes from `src/chat/texts.ts`. The command *names* stay the
 * short Latin ones everywhere (`/ask`, `/help`, `/sources`), which any keyboard
 * can type; French users also see `/demander` and `/aide`.
 *
 * ```ts
 * await client.application.commands.set(commandDefinitions(), guildId);
 * ```
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type ChatInputApplicationCommandData,
  type LocalizationMap,
} from 'discord.js';
import { t } from '../../src/chat/texts.ts';
import type { Texts } from '../../src/chat/texts.ts';

export const COMMANDS = { ask: 'ask', sources: 'sources', help: 'help' } as const;
export const QUESTION_OPTION = 'question';

/** Localised names: identifiers, not sentences, so they live here rather than in texts.ts. */
const NAMES: Record<string, { fr: string; en: string }> = {
  ask: { fr: 'demander', en: 'ask' },
  sources: { fr: 'sources', en: 'sources' },
  help: { fr: 'aide', en: 'help' },
  question: { fr: 'question', en: 'question' },
};

function names(key: keyof typeof NAMES): LocalizationMap {
  const n = NAMES[key];
  return { fr: n.fr, 'en-US': n.en, 'en-GB': n.en };
}

function descriptions(pick: (c: Texts['commands']) => string): { description: string; descriptionLocalizations: LocalizationMap } {
  const en = pick(t('en').commands);
  return { description: pick(t('ar').commands), descriptionLocalizations: { fr: pick(t('fr').commands), 'en-US': en, 'en-GB': en } };
}

/** Usable in servers and in the bot's DMs (as a server-installed app). */
const WHERE = {
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integrationTypes: [ApplicationIntegrationType.GuildInstall],
};

export function commandDefinitions(): ChatInputApplicationCommandData[] {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMANDS.ask,
      nameLocalizations: names('ask'),
      ...descriptions((c) => c.ask),
      ...WHERE,
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: QUESTION_OPTION,
          nameLocalizations: names('question'),
          ...descriptions((c) => c.questionOption),
          required: true,
          autocomplete: true,
          // No max_length: a question over the limit gets Sanad's own polite
          // message (in the user's language) instead of Discord's refusal.
        },
      ],
    },
    { type: ApplicationCommandType.ChatInput, name: COMMANDS.sources, nameLocalizations: names('sources'), ...descriptions((c) => c.sources), ...WHERE },
    { type: ApplicationCommandType.ChatInput, name: COMMANDS.help, nameLocalizations: names('help'), ...descriptions((c) => c.help), ...WHERE },
  ];
}
