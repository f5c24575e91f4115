/**
 * The update handlers: messages (private and group), edited messages, inline
 * queries, button presses, and the error handler. Each one asks the shared
 * {@link ChatService}, renders its reply and queues the sending in the
 * {@link Outbox}; none waits for Telegram, so a batch of updates is handled
 * in a few milliseconds whatever happens to the replies.
 */
import type { Context, Telegraf } from 'telegraf';
import type { CallbackQuery, InlineKeyboardMarkup, InlineQuery, InlineQueryResult } from 'telegraf/types';
import type { ChatService } from '../../src/chat/chat.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { readQuestion } from '../../src/chat/question.ts';
import { langFromLocale, t } from '../../src/chat/texts.ts';
import type { Logger } from '../../src/runtime/log.ts';
import type { TelegramConfig } from './config.ts';
import type { Outbox } from './send.ts';
import { decodeButton } from './buttons.ts';
import { inlineDecline, inlineResult, renderReply } from './render.ts';
import { routeMessage, type BotIdentity, type IncomingMessage } from './route.ts';

export interface HandlerDeps {
  chat: ChatService;
  outbox: Outbox;
  log: Logger;
  config: Pick<TelegramConfig, 'editedMessages'>;
  me: BotIdentity;
  /** Buttons already pressed (chat:message:data), so a double tap does not post the same reply twice. */
  pressed: PressedButtons;
}

/** A bounded set of the buttons pressed recently. */
export class PressedButtons {
  private readonly seen = new Set<string>();
  constructor(private readonly max = 10_000) {}
  has(key: string): boolean {
    return this.seen.has(key);
  }
  add(key: string): void {
    this.seen.add(key);
    if (this.seen.size > this.max) this.seen.delete(this.seen.values().next().value as string);
  }
}

/** How long Telegram may cache inline answers (seconds). Rate-limited or failed queries are never cached. */
const INLINE_CACHE_SECONDS = 300;
/** Inline mode offers at most this many answers. */
const INLINE_RESULTS = 3;

export function installHandlers(bot: Telegraf, deps: HandlerDeps): void {
  bot.on('message', (ctx) => onMessage(ctx.message as IncomingMessage, deps, false));
  bot.on('edited_message', (ctx) => {
    if (deps.config.editedMessages === 'answer') onMessage(ctx.editedMessage as IncomingMessage, deps, true);
  });
  bot.on('inline_query', (ctx) => onInlineQuery(ctx.inlineQuery, deps));
  bot.on('callback_query', (ctx) => onCallbackQuery(ctx.callbackQuery, deps));
  bot.catch((err, ctx) => onError(err, ctx, deps));
}

const userKey = (id: number) => `telegram:${id}`;
const chatKey = (id: number) => `telegram:${id}`;

/** A message (or an edited one): route it, ask, render, queue the reply to it. */
export function onMessage(message: IncomingMessage, deps: HandlerDeps, edited: boolean): void {
  const { chat, log, me } = deps;
  const route = routeMessage(message, me);
  if (route.kind === 'ignore' || (edited && route.kind !== 'ask')) {
    log.debug({ chat: message.chat.id, why: route.kind === 'ignore' ? route.why : 'edited command' }, 'message ignored');
    return;
  }
  const locale = message.from?.language_code;
  const localeLang = langFromLocale(locale);
  let reply: Reply;
  switch (route.kind) {
    case 'start':
      reply = chat.help(localeLang, true);
      break;
    case 'help':
      reply = chat.help(localeLang);
      break;
    case 'sources':
      reply = chat.sources(localeLang);
      break;
    case 'not_text':
      reply = chat.notice(localeLang, 'not_text');
      break;
    case 'ask': {
      const read = readQuestion(route.text, { ...route.read, maxChars: chat.options.maxQuestionChars });
      if (!read.ok && read.reason === 'empty') {
        reply = chat.notice(localeLang, 'empty', t(localeLang).usage(route.usage));
      } else {
        reply = chat.ask({
          user: userKey(message.from?.id ?? message.chat.id),
          chat: chatKey(message.chat.id),
          text: route.text,
          locale,
          read: route.read,
        });
      }
      break;
    }
  }
  log.info(
    { chat: message.chat.id, chatType: message.chat.type, edited, route: route.kind, reply: reply.type, ...scoreOf(reply) },
    'message handled',
  );
  sendReply(deps, message.chat.id, reply, message.message_id, topicOf(message));
}

/** The forum topic a message is in, if any. */
const topicOf = (m: { is_topic_message?: boolean; message_thread_id?: number }) => (m.is_topic_message ? m.message_thread_id : undefined);

/** Renders a reply and queues it, as a reply to `replyTo`. */
function sendReply(deps: HandlerDeps, chatId: number, reply: Reply, replyTo: number | undefined, thread?: number): void {
  const messages = renderReply(reply, { titles: deps.chat.engine.articles.map((a) => a.title) });
  if (messages.length === 0) return;
  deps.outbox.forChat(chatId, async () => void (await deps.outbox.sendAll(chatId, messages, replyTo, thread)), { typing: true });
}

/** Inline mode: up to three answers; a decline as one result; help as a button to the private chat. */
export function onInlineQuery(query: InlineQuery, deps: HandlerDeps): void {
  const { chat, outbox } = deps;
  const locale = query.from.language_code;
  const localeLang = langFromLocale(locale);
  const helpButton = { text: t(localeLang).commands.help, start_parameter: 'help' };
  let results: InlineQueryResult[] = [];
  let cacheTime = INLINE_CACHE_SECONDS;
  let button: typeof helpButton | undefined;
  const reply = query.query.trim()
    ? chat.ask({ user: `telegram-inline:${query.from.id}`, chat: `telegram:inline:${query.from.id}`, text: query.query, locale })
    : chat.help(localeLang);
  switch (reply.type) {
    case 'answer': {
      const others = reply.othersKey ? chat.otherMatches(reply.othersKey, reply.lang) : undefined;
      const more = others?.type === 'matches' ? others.matches : [];
      results = [reply.match, ...more].slice(0, INLINE_RESULTS).map((match) => inlineResult({ ...reply, match }));
      break;
    }
    case 'decline':
      results = [inlineDecline(reply.text, reply.lang, chat.engine.articles.map((a) => a.title))];
      break;
    case 'help':
      button = helpButton;
      break;
    default:
      // Too long, rate limited, silent: nothing to offer, and nothing Telegram should cache for others.
      cacheTime = 0;
      button = helpButton;
  }
  deps.log.info({ inline: true, reply: reply.type, results: results.length, ...scoreOf(reply) }, 'inline query handled');
  outbox.run(() => outbox.answerInline(query.id, results, { cache_time: cacheTime, ...(button ? { button } : {}) }));
}

/**
 * "Whole passage" and "other matches": answer the press, reply under the
 * answer, and drop the used button (also when it has expired, or there is
 * nothing more to show: a toast says so).
 */
export function onCallbackQuery(query: CallbackQuery, deps: HandlerDeps): void {
  const { chat, outbox } = deps;
  const data = 'data' in query ? query.data : undefined;
  const action = decodeButton(data);
  const lang = action?.lang ?? langFromLocale(query.from.language_code);
  const message = query.message && 'text' in query.message ? query.message : undefined;
  if (!action || !message || data === undefined) {
    outbox.run(() => outbox.answerCallback(query.id, t(lang).expired));
    return;
  }
  const chatId = message.chat.id;
  // A second press of the same button (a double tap, or someone else before it went away): only answer it.
  const press = `${chatId}:${message.message_id}:${data}`;
  if (deps.pressed.has(press)) {
    outbox.run(() => outbox.answerCallback(query.id));
    return;
  }
  deps.pressed.add(press);
  const reply = action.kind === 'passage' ? chat.wholePassage(action.passageId, lang) : chat.otherMatches(action.key, lang);
  deps.log.info({ chat: chatId, button: action.kind, reply: reply.type }, 'button handled');
  const keyboard = withoutButton(message.reply_markup, data);
  const toast = reply.type === 'notice' || reply.type === 'decline' ? reply.text : undefined;
  outbox.run(() => outbox.answerCallback(query.id, toast));
  const messages = toast === undefined ? renderReply(reply) : [];
  outbox.forChat(
    chatId,
    async () => {
      await outbox.sendAll(chatId, messages, message.message_id, topicOf(message));
      await outbox.editKeyboard(chatId, message.message_id, keyboard);
    },
    { typing: messages.length > 0 },
  );
}

/** The keyboard without the button that was pressed (undefined when none is left). */
function withoutButton(markup: InlineKeyboardMarkup | undefined, data: string): InlineKeyboardMarkup | undefined {
  const rows = (markup?.inline_keyboard ?? [])
    .map((row) => row.filter((b) => !('callback_data' in b) || b.callback_data !== data))
    .filter((row) => row.length > 0);
  return rows.length ? { inline_keyboard: rows } : undefined;
}

/**
 * bot.catch: without it, telegraf stops polling for good on the first error
 * thrown by a handler. Logs the error, apologises to the user, never throws.
 */
export function onError(error: unknown, ctx: Context, deps: HandlerDeps): void {
  const { chat, outbox, log } = deps;
  log.error({ err: error, update: ctx.update.update_id, type: ctx.updateType }, 'an update handler failed; apologising');
  try {
    const notice = chat.notice(langFromLocale(ctx.from?.language_code), 'error');
    if (ctx.callbackQuery) {
      const id = ctx.callbackQuery.id;
      outbox.run(() => outbox.answerCallback(id, notice.text));
    } else if (ctx.inlineQuery) {
      const id = ctx.inlineQuery.id;
      outbox.run(() => outbox.answerInline(id, [], { cache_time: 0 }));
    } else if (ctx.chat) {
      const message = (ctx.message ?? ctx.editedMessage) as IncomingMessage | undefined;
      sendReply(deps, ctx.chat.id, notice, message?.message_id, message && topicOf(message));
    }
  } catch (e) {
    log.error({ err: e }, 'could not apologise either');
  }
}

function scoreOf(reply: Reply): { score?: number } {
  return reply.type === 'answer' ? { score: Math.round(reply.match.score * 1000) / 1000 } : {};
}
