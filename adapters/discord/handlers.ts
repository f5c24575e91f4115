/**
 * What happens when a user does something: slash commands, autocomplete,
 * button presses, and messages (a mention in a server, anything in a DM).
 * Each handler asks the {@link ChatService}, renders its {@link Reply} and
 * sends it; every Discord failure is caught, logged, and — where Discord
 * still lets us — turned into an ephemeral "sorry" for the user.
 *
 * ```ts
 * const h = createHandlers({ chat, log, me: () => client.user });
 * client.on('interactionCreate', (i) => void h.interaction(i));
 * client.on('messageCreate', (m) => void h.message(m));
 * ```
 *
 * Timing: the engine answers in well under a millisecond, so interactions are
 * answered directly with `reply()` (Discord's 3-second window is never at
 * risk) rather than deferred; a deferral would cost a second REST call and a
 * "thinking…" flash per question.
 */
import {
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type RepliableInteraction,
  type User,
} from 'discord.js';
import type { ChatService } from '../../src/chat/chat.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { readQuestion } from '../../src/chat/question.ts';
import { langFromLocale, t } from '../../src/chat/texts.ts';
import { detectLanguage } from '../../src/analysis/language.ts';
import type { Logger } from '../../src/runtime/log.ts';
import type { Lang } from '../../src/types.ts';
import { questionChoices } from './autocomplete.ts';
import { COMMANDS, QUESTION_OPTION } from './commands.ts';
import { parseCustomId } from './custom-ids.ts';
import { INTERACTION_GONE, discordCode, restFailure } from './errors.ts';
import { embedsAsText, interactionOptions, messageOptions, renderReply, textMessage, type DiscordMessage } from './render.ts';

export interface HandlerDeps {
  chat: ChatService;
  log: Logger;
  /** The bot's own user (known once logged in). */
  me: () => User | null;
}

export interface Handlers {
  interaction(i: Interaction): Promise<void>;
  message(m: Message): Promise<void>;
}

export function createHandlers({ chat, log, me }: HandlerDeps): Handlers {
  const titles = () => chat.engine.articles.map((a) => a.title);
  const userKey = (u: User) => `discord:${u.id}`;
  const chatKey = (channelId: string) => `discord:channel:${channelId}`;

  /**
   * The rate-limit notice. ChatService says `notify` once, then `silent`; an
   * interaction must still be acknowledged, so a silenced slash command gets
   * the notice again (ephemeral: nobody else sees it). The wait it names is
   * the whole window, an upper bound.
   */
  const limitNotice = (lang: Lang): Reply =>
    chat.notice(lang, 'rate_limited', t(lang).rateLimited(Math.ceil(chat.options.rateLimit.windowMs / 1000)));

  // ------------------------------------------------------------------ interactions

  async function interaction(i: Interaction): Promise<void> {
    try {
      if (i.isAutocomplete()) return await autocomplete(i);
      if (i.isChatInputCommand()) return await command(i);
      if (i.isButton()) return await buttonPress(i);
    } catch (e) {
      log.error({ err: e }, 'discord: interaction handler failed');
      if (i.isRepliable()) await tellError(i, langFromLocale(i.locale));
    }
  }

  async function autocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const choices = focused.name === QUESTION_OPTION ? questionChoices(String(focused.value ?? ''), (p, n) => chat.engine.suggest(p, n)) : [];
    try {
      await i.respond(choices);
    } catch (e) {
      // Nothing to tell: the user typed on, or the window passed.
      log.debug({ discord: restFailure(e) }, 'discord: autocomplete answer not delivered');
    }
  }

  async function command(i: ChatInputCommandInteraction): Promise<void> {
    const uiLang = langFromLocale(i.locale);
    let msg: DiscordMessage | null;
    switch (i.commandName) {
      case COMMANDS.ask: {
        const text = i.options.getString(QUESTION_OPTION) ?? '';
        const reply = chat.ask({ user: userKey(i.user), chat: chatKey(i.channelId), text, locale: i.locale });
        log.debug({ via: 'slash', user: i.user.id, reply: reply.type, lang: reply.type === 'silent' ? undefined : reply.lang }, 'discord: question');
        const lang = reply.type === 'silent' ? detectLanguage(text, uiLang) : reply.lang;
        msg = renderReply(reply.type === 'silent' ? limitNotice(lang) : reply, { usage: `/${COMMANDS.ask}`, titles: titles() });
        // Help for an empty /ask is personal usage help: only the asker sees it.
        if (msg && reply.type === 'help') msg.ephemeral = true;
        return send(i, msg, lang);
      }
      case COMMANDS.sources:
        return send(i, renderReply(chat.sources(uiLang), { usage: `/${COMMANDS.ask}` }), uiLang);
      case COMMANDS.help:
        return send(i, renderReply(chat.help(uiLang, true), { usage: `/${COMMANDS.ask}` }), uiLang);
      default: {
        // A command from an older registration: privately, how to ask now.
        const msg = renderReply(chat.help(uiLang), { usage: `/${COMMANDS.ask}` });
        return send(i, msg && { ...msg, ephemeral: true }, uiLang);
      }
    }
  }

  async function buttonPress(i: ButtonInteraction): Promise<void> {
    const action = parseCustomId(i.customId);
    const lang = action?.lang ?? langFromLocale(i.locale);
    let reply: Reply;
    if (!action) reply = chat.notice(lang, 'expired');
    else if (action.kind === 'passage') reply = chat.wholePassage(action.passageId, lang);
    else reply = chat.otherMatches(action.key, lang);
    log.debug({ via: 'button', user: i.user.id, action: action?.kind, reply: reply.type }, 'discord: button');
    const msg = renderReply(reply, { usage: `/${COMMANDS.ask}`, titles: titles() });
    // Button results are for whoever pressed: ephemeral, so a public answer's
    // buttons can be pressed by many without filling the channel.
    if (msg) msg.ephemeral = true;
    return send(i, msg, lang);
  }

  /** Answers an interaction; on failure, logs and tries to tell the user. */
  async function send(i: RepliableInteraction, msg: DiscordMessage | null, lang: Lang): Promise<void> {
    if (!msg) return;
    try {
      if (i.deferred) await i.editReply(messageOptions(msg));
      else if (i.replied) await i.followUp(interactionOptions(msg));
      else await i.reply(interactionOptions(msg));
    } catch (e) {
      log.error({ discord: restFailure(e), interaction: i.id }, 'discord: could not answer an interaction');
      await tellError(i, lang, e);
    }
  }

  /** An ephemeral "sorry" for a failed interaction, when Discord still accepts one. */
  async function tellError(i: RepliableInteraction, lang: Lang, cause?: unknown): Promise<void> {
    const code = discordCode(cause);
    if (code !== undefined && INTERACTION_GONE.has(code)) return;
    const sorry = interactionOptions(textMessage(t(lang).sorry, true));
    try {
      if (i.deferred || i.replied) await i.followUp(sorry);
      else await i.reply(sorry);
    } catch (e) {
      log.warn({ discord: restFailure(e), interaction: i.id }, 'discord: could not tell the user about the failure either');
    }
  }

  // ------------------------------------------------------------------ messages

  async function message(m: Message): Promise<void> {
    try {
      await onMessage(m);
    } catch (e) {
      log.error({ err: e }, 'discord: message handler failed');
    }
  }

  async function onMessage(m: Message): Promise<void> {
    const self = me();
    // Bots (this one included: Discord echoes our own messages), webhooks and system messages.
    if (!self || m.author.bot || m.author.id === self.id || m.webhookId || m.system) return;
    const inDm = !m.inGuild();
    const mentionForms = [`<@${self.id}>`, `<@!${self.id}>`];
    // In servers only an explicit @mention of the bot is a question (not
    // @everyone, not a role, not a reply to one of its messages).
    if (!inDm && !mentionForms.some((f) => m.content.includes(f))) return;

    const via = inDm ? 'dm' : 'mention';
    const usage = `@${self.username}`;
    const read = readQuestion(m.content, { mentions: mentionForms, maxChars: chat.options.maxQuestionChars });
    if (!read.ok && read.reason === 'empty' && (m.attachments.size > 0 || m.stickers.size > 0)) {
      log.debug({ via, user: m.author.id, reply: 'not_text' }, 'discord: question');
      return post(m, renderReply(chat.notice('ar', 'not_text'), { usage }), 'ar');
    }
    let reply: Reply;
    try {
      reply = chat.ask({ user: userKey(m.author), chat: chatKey(m.channelId), text: m.content, read: { mentions: mentionForms } });
    } catch (e) {
      log.error({ err: e, via }, 'discord: answering a question failed');
      reply = chat.notice(read.ok ? detectLanguage(read.question) : 'ar', 'error');
    }
    log.debug({ via, user: m.author.id, reply: reply.type, lang: reply.type === 'silent' ? undefined : reply.lang }, 'discord: question');
    if (reply.type === 'silent') return; // Told once already; a message needs no acknowledgement.
    return post(m, renderReply(reply, { usage, titles: titles() }), reply.lang);
  }

  /**
   * Replies to a message. A channel message cannot be ephemeral, so notices
   * are posted as ordinary replies. Where the bot may not embed links, the
   * embed is flattened into text.
   */
  async function post(m: Message, msg: DiscordMessage | null, lang: Lang): Promise<void> {
    if (!msg) return;
    let out: DiscordMessage = { ...msg, ephemeral: false };
    const self = me();
    if (m.inGuild() && self) {
      const perms = m.channel.permissionsFor(self);
      if (perms && !perms.has(PermissionFlagsBits.EmbedLinks)) out = embedsAsText(out);
    }
    try {
      try {
        await m.reply({ ...messageOptions(out), failIfNotExists: false });
      } catch (e) {
        // A reply needs Read Message History; without it, answer in the channel all the same.
        if (discordCode(e) !== 160002 || !m.channel.isSendable()) throw e;
        log.warn({ channel: m.channelId }, 'discord: no Read Message History permission here; answering without the reply link');
        await m.channel.send(messageOptions(out));
      }
    } catch (e) {
      log.error({ discord: restFailure(e), channel: m.channelId }, 'discord: could not reply to a message');
      const code = discordCode(e);
      if (code === 50013 || code === 50001 || code === 50007) return; // No right to write here: nothing more to try.
      try {
        await m.reply({ ...messageOptions(textMessage(t(lang).sorry, false)), failIfNotExists: false });
      } catch (e2) {
        log.warn({ discord: restFailure(e2), channel: m.channelId }, 'discord: could not tell the user about the failure either');
      }
    }
  }

  return { interaction, message };
}
