/**
 * Which incoming messages the bot answers, and how: a pure function of the
 * message and the bot's identity, so the rules are easy to read and test.
 *
 * - Private chat: any text is a question; `/start`, `/help`, `/sources`,
 *   `/ask <question>`; other commands get help; stickers, photos, voice,
 *   files get "send your question as text".
 * - Groups: `/ask` and `/ask@bot`, messages that mention the bot, and replies
 *   to the bot's own messages are questions; `/start`, `/help`, `/sources`
 *   (bare or `@bot`) are answered too. Everything else is ignored, including
 *   commands addressed to other bots.
 *
 * ```ts
 * routeMessage({ chat: { id: -1, type: 'group' }, text: '/ask@sanad_bot متى؟', entities }, me)
 * // → { kind: 'ask', read: { commands: ['/ask'], botUsername: 'sanad_bot', mentions: [] }, usage: '/ask' }
 * ```
 */
import type { ReadOptions } from '../../src/chat/question.ts';

export interface Entity {
  type: string;
  offset: number;
  length: number;
  user?: { id: number };
}

/** The fields of a Telegram Message the rules look at. */
export interface IncomingMessage {
  message_id: number;
  chat: { id: number; type: string };
  from?: { id: number; language_code?: string };
  text?: string;
  entities?: Entity[];
  caption?: string;
  caption_entities?: Entity[];
  reply_to_message?: { from?: { id: number } };
  /** Forum supergroups: the topic the message is in. */
  message_thread_id?: number;
  is_topic_message?: boolean;
}

export interface BotIdentity {
  id: number;
  username: string;
}

export type Route =
  | { kind: 'ignore'; why: string }
  /** A question; `read` tells readQuestion what to strip; `usage` is what to show if nothing was asked. */
  | { kind: 'ask'; text: string; read: Omit<ReadOptions, 'maxChars'>; usage: string }
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'sources' }
  /** A sticker, photo, voice message, file… addressed to the bot. */
  | { kind: 'not_text' };

/** Message fields that carry something other than text (a user sent media rather than typing). */
const MEDIA = [
  'sticker',
  'photo',
  'voice',
  'audio',
  'video',
  'video_note',
  'animation',
  'document',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
  'story',
] as const;

export function routeMessage(message: IncomingMessage, me: BotIdentity): Route {
  const isPrivate = message.chat.type === 'private';
  const repliesToMe = message.reply_to_message?.from?.id === me.id;
  const text = message.text;

  if (text === undefined) {
    if (!MEDIA.some((k) => k in message)) return { kind: 'ignore', why: 'service message' };
    const captionMentions = mentionsOf(message.caption ?? '', message.caption_entities, me);
    if (isPrivate || repliesToMe || captionMentions.length > 0) return { kind: 'not_text' };
    return { kind: 'ignore', why: 'media in a group, not for the bot' };
  }

  const mentions = mentionsOf(text, message.entities, me);
  const command = leadingCommand(text, message.entities);
  if (command) {
    const forMe = command.target === undefined || command.target.toLowerCase() === me.username.toLowerCase();
    if (!forMe) return { kind: 'ignore', why: 'command for another bot' };
    switch (command.name.toLowerCase()) {
      case 'start':
        return { kind: 'start' };
      case 'help':
        return { kind: 'help' };
      case 'sources':
        return { kind: 'sources' };
      case 'ask':
        return { kind: 'ask', text, read: { commands: ['/ask'], botUsername: me.username, mentions }, usage: '/ask' };
      default:
        if (isPrivate || command.target !== undefined) return { kind: 'help' };
        return { kind: 'ignore', why: 'unknown command in a group' };
    }
  }
  if (isPrivate) return { kind: 'ask', text, read: { mentions }, usage: '/ask' };
  if (mentions.length > 0) return { kind: 'ask', text, read: { mentions }, usage: `@${me.username}` };
  if (repliesToMe) return { kind: 'ask', text, read: {}, usage: '/ask' };
  return { kind: 'ignore', why: 'group message not for the bot' };
}

/** `/name` or `/name@target` at the very start of the text. */
export function leadingCommand(text: string, entities: Entity[] | undefined): { name: string; target?: string } | undefined {
  let raw: string | undefined;
  const entity = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (entity) raw = text.slice(1, entity.length);
  else if (!entities) raw = /^\/([A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?=\s|$)/.exec(text)?.[1];
  if (!raw) return undefined;
  const at = raw.indexOf('@');
  return at === -1 ? { name: raw } : { name: raw.slice(0, at), target: raw.slice(at + 1) };
}

/** The exact spellings of the bot's mentions in `text` (`@Sanad_Bot`, or the name of a text_mention). */
export function mentionsOf(text: string, entities: Entity[] | undefined, me: BotIdentity): string[] {
  const found = new Set<string>();
  const name = me.username.toLowerCase();
  for (const e of entities ?? []) {
    const s = text.slice(e.offset, e.offset + e.length);
    if (e.type === 'mention' && s.slice(1).toLowerCase() === name) found.add(s);
    if (e.type === 'text_mention' && e.user?.id === me.id) found.add(s);
  }
  if (!entities) {
    const re = new RegExp(`(^|[^A-Za-z0-9_])(@${me.username.replace(/[^A-Za-z0-9_]/g, '')})(?![A-Za-z0-9_])`, 'gi');
    for (const m of text.matchAll(re)) found.add(m[2]);
  }
  return [...found];
}
