import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { parseTelegramHtml, sortEntities, TelegramHtmlError, type MessageEntity } from './html.ts';

export { parseTelegramHtml, TelegramHtmlError } from './html.ts';
export type { MessageEntity } from './html.ts';

// ---------------------------------------------------------------------------------------------------------------
// Bot API shapes (only the fields the fake produces or reads)
// ---------------------------------------------------------------------------------------------------------------

export interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface Chat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
}

export interface PhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface Sticker {
  file_id: string;
  file_unique_id: string;
  type: 'regular' | 'mask' | 'custom_emoji';
  width: number;
  height: number;
  is_animated: boolean;
  is_video: boolean;
  emoji?: string;
}

export interface Voice {
  file_id: string;
  file_unique_id: string;
  duration: number;
  mime_type?: string;
  file_size?: number;
}

export interface Document {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [field: string]: unknown;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

export interface Message {
  message_id: number;
  from?: User;
  chat: Chat;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  sticker?: Sticker;
  photo?: PhotoSize[];
  voice?: Voice;
  document?: Document;
  reply_to_message?: Message;
  reply_markup?: InlineKeyboardMarkup;
}

export interface InlineQuery {
  id: string;
  from: User;
  query: string;
  offset: string;
  chat_type?: 'sender' | 'private' | 'group' | 'supergroup' | 'channel';
}

export interface CallbackQuery {
  id: string;
  from: User;
  message?: Message;
  chat_instance: string;
  data?: string;
}

export interface Update {
  update_id: number;
  message?: Message;
  edited_message?: Message;
  inline_query?: InlineQuery;
  callback_query?: CallbackQuery;
}

export type UpdateType = 'message' | 'edited_message' | 'inline_query' | 'callback_query';

export interface BotCommand {
  command: string;
  description: string;
}

export type BotCommandScope =
  | { type: 'default' }
  | { type: 'all_private_chats' }
  | { type: 'all_group_chats' }
  | { type: 'all_chat_administrators' }
  | { type: 'chat'; chat_id: number }
  | { type: 'chat_administrators'; chat_id: number }
  | { type: 'chat_member'; chat_id: number; user_id: number };

/** The parameters of a Bot API call, whatever the encoding (JSON, form, multipart, query string). */
export type Params = Record<string, unknown>;

/** A file part of a multipart/form-data call. */
export interface UploadedFile {
  filename: string;
  type: string;
  size: number;
  data: Buffer;
}

// ---------------------------------------------------------------------------------------------------------------
// What the fake records
// ---------------------------------------------------------------------------------------------------------------

/** One HTTP call the bot made, recorded when it was answered (or dropped). */
export interface RequestRecord {
  /** The method as written in the URL (Telegram treats method names case-insensitively). */
  method: string;
  httpMethod: string;
  /** The request's content-type header ('' when none). */
  contentType: string;
  params: Params;
  /** HTTP status returned; 0 when the connection was dropped on purpose (`dropNext`). */
  status: number;
  /** The JSON body returned. */
  response?: unknown;
  /** Set when the answer came from failNext / dropNext / delayNext rather than from the fake's logic. */
  injected?: 'fail' | 'drop' | 'delay';
  /** The bot closed the connection before the answer (e.g. telegraf aborting its long poll on stop()). */
  aborted?: boolean;
  startedAt: number;
  endedAt: number;
}

export interface MessageState {
  text: string;
  entities: MessageEntity[];
  reply_markup?: InlineKeyboardMarkup;
}

export interface MessageEdit {
  method: 'editMessageText' | 'editMessageReplyMarkup';
  at: number;
  params: Params;
  parse_mode?: string;
  before: MessageState;
  after: MessageState;
}

/** A message the bot sent. Edits and deletion update it in place. */
export interface SentMessage {
  message_id: number;
  chat_id: number;
  /** Current plain text, after entity parsing, cleaning and trimming (what users read). */
  text: string;
  /** Current entities (UTF-16 offsets). */
  entities: MessageEntity[];
  /** parse_mode of the sendMessage call (edits record their own). */
  parse_mode?: string;
  /** The body of the sendMessage call, as received. */
  raw: Params;
  /** The message this one replies to, whether set with reply_to_message_id or reply_parameters. */
  reply_to_message_id?: number;
  reply_parameters?: Record<string, unknown>;
  /** The inline keyboard now attached, or the other markup (reply keyboard, force_reply...) as sent. */
  reply_markup?: unknown;
  /** The Message as a Telegram client now sees it. */
  message: Message;
  edits: MessageEdit[];
  deleted: boolean;
  sentAt: number;
}

export interface InlineAnswer {
  inline_query_id: string;
  query: InlineQuery;
  /** The results as sent. */
  results: Array<Record<string, unknown>>;
  /** For results with input_message_content.message_text: the text and entities users would get. */
  messages: Array<{ id: string; text: string; entities: MessageEntity[] }>;
  cache_time?: number;
  is_personal?: boolean;
  next_offset?: string;
  button?: unknown;
  params: Params;
  at: number;
}

export interface CallbackAnswer {
  callback_query_id: string;
  query: CallbackQuery;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  params: Params;
  at: number;
}

export interface CommandSet {
  scope: BotCommandScope;
  language_code: string;
  commands: BotCommand[];
}

export interface ChatActionRecord {
  chat_id: number;
  action: string;
  at: number;
}

export interface UndeliveredUpdate {
  update: Update;
  reason: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

export interface FakeTelegramOptions {
  /** Bot token; its digits before ':' are the bot's user id. */
  token?: string;
  /** Default 'sanad_test_bot'. */
  botUsername?: string;
  /** Default 'Sanad Test'. */
  botName?: string;
  /**
   * Group privacy mode, as for a bot BotFather created (default true, matching getMe's
   * can_read_all_group_messages: false): in groups the bot only gets messages that start with a command
   * for it, mention it, or reply to one of its messages. Others are listed in `undeliveredUpdates`.
   */
  privacyMode?: boolean;
  /** Strict HTML (default true): a bare `&` is refused; see html.ts. false = Telegram's lenient parser. */
  strictHtml?: boolean;
}

export interface FailureSpec {
  /** HTTP status and error_code. 5xx answers carry Telegram's body but telegraf only reads the status text. */
  status: 400 | 401 | 403 | 409 | 429 | 500 | 502 | number;
  /** For 429: seconds in parameters.retry_after and the description (default 5). */
  retryAfter?: number;
  /** Overrides the default description for the status. */
  description?: string;
  /** How many matching calls fail (default 1). */
  times?: number;
}

export interface UserMessageInput {
  chat?: { id: number; type: 'private' | 'group' | 'supergroup'; title?: string; username?: string };
  from?: Partial<User> & { id: number };
  text?: string;
  /** When given, used as is; otherwise bot_command, mention, hashtag and http(s) url entities are computed. */
  entities?: MessageEntity[];
  caption?: string;
  reply_to_message_id?: number;
  sticker?: Partial<Sticker> | true;
  photo?: PhotoSize[] | true;
  voice?: Partial<Voice> | true;
  document?: Partial<Document> | true;
}

// ---------------------------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const QUERY_TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';
const MAX_TEXT = 4096;

/** Updates Telegram does not send unless asked for by name in allowed_updates. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

/** Real Bot API methods the fake does not implement: they answer 501 so that a test cannot pass by accident. */
const REAL_BUT_UNIMPLEMENTED = new Set(
  [
    'logOut',
    'close',
    'forwardMessage',
    'forwardMessages',
    'copyMessage',
    'copyMessages',
    'sendPhoto',
    'sendAudio',
    'sendDocument',
    'sendVideo',
    'sendAnimation',
    'sendVoice',
    'sendVideoNote',
    'sendPaidMedia',
    'sendMediaGroup',
    'sendLocation',
    'sendVenue',
    'sendContact',
    'sendPoll',
    'sendDice',
    'sendSticker',
    'setMessageReaction',
    'getUserProfilePhotos',
    'getFile',
    'banChatMember',
    'unbanChatMember',
    'restrictChatMember',
    'promoteChatMember',
    'leaveChat',
    'getChatAdministrators',
    'getChatMemberCount',
    'getChatMember',
    'pinChatMessage',
    'unpinChatMessage',
    'unpinAllChatMessages',
    'setMyName',
    'getMyName',
    'setChatMenuButton',
    'getChatMenuButton',
    'setMyDefaultAdministratorRights',
    'getMyDefaultAdministratorRights',
    'editMessageCaption',
    'editMessageMedia',
    'editMessageLiveLocation',
    'stopMessageLiveLocation',
    'stopPoll',
    'deleteMessages',
    'answerWebAppQuery',
    'sendInvoice',
    'answerShippingQuery',
    'answerPreCheckoutQuery',
    'sendGame',
  ].map((m) => m.toLowerCase()),
);

type Handler = (p: ParamReader, call: CallContext) => unknown;

interface CallContext {
  /** Resolves when the client went away before the answer. */
  aborted: Promise<void>;
  isAborted(): boolean;
}

interface StoredMessage {
  message: Message;
  fromBot: boolean;
  deleted: boolean;
  sent?: SentMessage;
}

interface Injection {
  method: string;
  kind: 'fail' | 'drop' | 'delay';
  remaining: number;
  spec?: FailureSpec;
  delayMs?: number;
}

interface PendingPoll {
  limit: number;
  timer: NodeJS.Timeout;
  resolve: (updates: Update[]) => void;
  reject: (error: ApiError) => void;
}

const clone = <T>(value: T): T => structuredClone(value);

/** JSON with sorted keys, to compare markups and entities. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');
const now = (): number => Math.floor(Date.now() / 1000);

class ParamReader {
  constructor(readonly raw: Params) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw badRequest(`field "${name}" must be of type String`);
  }

  int(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw badRequest(`field "${name}" must be of type Integer`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === '1' || v === 1) return true;
    if (v === 'false' || v === '0' || v === 0 || v === '') return false;
    throw badRequest(`field "${name}" must be of type Boolean`);
  }

  /** A JSON-serialised field: given as an object in JSON bodies, as a JSON string in forms. */
  json(name: string): unknown {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw badRequest(`can't parse ${name} JSON object`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Entities Telegram computes for what users type
// ---------------------------------------------------------------------------------------------------------------

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const SHORT_USERNAMES = new Set(['gif', 'wiki', 'vid', 'bing', 'pic', 'bold', 'imdb', 'coub', 'like', 'vote']);

/** bot_command, mention, hashtag and http(s) url entities, as TDLib finds them (a subset of its rules). */
export function detectEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const charBefore = (i: number): string => {
    if (i === 0) return '';
    const prev = text.codePointAt(i - 1) ?? 0;
    if (prev >= 0xdc00 && prev <= 0xdfff && i >= 2) return String.fromCodePoint(text.codePointAt(i - 2) ?? 0);
    return String.fromCodePoint(prev);
  };
  const charAt = (i: number): string => (i < text.length ? String.fromCodePoint(text.codePointAt(i) ?? 0) : '');
  const isWord = (ch: string): boolean => ch !== '' && WORD_CHAR.test(ch);
  const ascii = /[A-Za-z0-9_]/;

  // /command(@bot_username)? : not after a word character, '/', '<' or '>'; not followed by one either.
  for (let i = text.indexOf('/'); i !== -1; i = text.indexOf('/', i + 1)) {
    const prev = charBefore(i);
    if (isWord(prev) || prev === '/' || prev === '<' || prev === '>') continue;
    let j = i + 1;
    while (j < text.length && ascii.test(text[j])) j++;
    if (j - (i + 1) < 1 || j - (i + 1) > 64) continue;
    if (text[j] === '@') {
      let k = j + 1;
      while (k < text.length && ascii.test(text[k])) k++;
      if (k - (j + 1) < 3 || k - (j + 1) > 32) continue;
      j = k;
    }
    const next = charAt(j);
    if (isWord(next) || next === '/' || next === '<' || next === '>') continue;
    entities.push({ type: 'bot_command', offset: i, length: j - i });
  }

  // @username: not after a word character, 5-32 characters (or a known short one), not followed by a word character.
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    if (isWord(charBefore(i))) continue;
    let j = i + 1;
    while (j < text.length && ascii.test(text[j])) j++;
    const name = text.slice(i + 1, j);
    if (name.length < 2 || name.length > 32 || isWord(charAt(j))) continue;
    if (name.length < 5 && !SHORT_USERNAMES.has(name.toLowerCase())) continue;
    if (entities.some((e) => e.type === 'bot_command' && i > e.offset && i < e.offset + e.length)) continue;
    entities.push({ type: 'mention', offset: i, length: j - i });
  }

  // #hashtag with at least one letter.
  for (let i = text.indexOf('#'); i !== -1; i = text.indexOf('#', i + 1)) {
    if (isWord(charBefore(i))) continue;
    let j = i + 1;
    let letter = false;
    while (j < text.length) {
      const ch = charAt(j);
      if (!isWord(ch)) break;
      if (/\p{L}/u.test(ch)) letter = true;
      j += ch.length;
    }
    if (j === i + 1 || !letter || text[j] === '#') continue;
    entities.push({ type: 'hashtag', offset: i, length: j - i });
  }

  // http(s)://host.tld/path — TDLib also finds URLs without a scheme; the fake only finds these.
  const url = /https?:\/\/[^\s<>"«»]+/giu;
  for (let m = url.exec(text); m; m = url.exec(text)) {
    if (isWord(charBefore(m.index))) continue;
    let candidate = m[0];
    while (candidate.length > 0 && ".:;,('?!`".includes(candidate[candidate.length - 1])) {
      candidate = candidate.slice(0, -1);
    }
    const host = /^https?:\/\/([^/?#:]+)/i.exec(candidate)?.[1] ?? '';
    if (!host.includes('.') || host.startsWith('.') || host.endsWith('.')) continue;
    entities.push({ type: 'url', offset: m.index, length: candidate.length });
  }

  return sortEntities(entities);
}

/**
 * What Telegram does to a message text after parsing entities (TDLib's fix_formatted_text): control
 * characters become spaces ('\t' too when there are entities), '\r' and U+2028..U+202E are removed, trailing
 * spaces and newlines are trimmed, and leading ones up to the first entity; entities follow.
 */
function cleanText(text: string, entities: MessageEntity[]): { text: string; entities: MessageEntity[] } {
  const hasEntities = entities.length > 0;
  const map = new Array<number>(text.length + 1);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    map[i] = out.length;
    const c = text.charCodeAt(i);
    if (c === 0x0d || (c >= 0x2028 && c <= 0x202e) || c === 0x0333 || c === 0x033f || c === 0x030a) continue;
    if (c < 0x20 && c !== 0x0a && (c !== 0x09 || hasEntities)) {
      out += ' ';
      continue;
    }
    out += text[i];
  }
  map[text.length] = out.length;
  let result = entities
    .map((e) => ({ ...e, offset: map[e.offset], length: map[e.offset + e.length] - map[e.offset] }))
    .filter((e) => e.length > 0);

  if (!/[^ \n]/.test(out)) throw badRequest('message text is empty');
  let end = out.length;
  while (out[end - 1] === ' ' || out[end - 1] === '\n') end--;
  result = result
    .filter((e) => e.offset < end)
    .map((e) => (e.offset + e.length > end ? { ...e, length: end - e.offset } : e));
  const firstEntity = result.reduce((min, e) => Math.min(min, e.offset), end);
  let start = 0;
  while (start < firstEntity && (out[start] === ' ' || out[start] === '\n')) start++;
  return {
    text: out.slice(start, end),
    entities: sortEntities(result.map((e) => ({ ...e, offset: e.offset - start }))),
  };
}

function validateEntitiesParam(value: unknown, text: string): MessageEntity[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest("can't parse entities JSON object");
  return value.map((raw: unknown, index) => {
    const e = raw as Partial<MessageEntity> | null;
    if (!e || typeof e !== 'object' || typeof e.type !== 'string') {
      throw badRequest(`can't parse MessageEntity: field "type" must be of type String (entity ${index})`);
    }
    if (!Number.isInteger(e.offset) || !Number.isInteger(e.length) || (e.offset as number) < 0) {
      throw badRequest(`can't parse MessageEntity: bad offset or length (entity ${index})`);
    }
    const offset = e.offset as number;
    const length = e.length as number;
    if (offset + length > text.length) {
      throw badRequest(
        `entity beginning at UTF-16 offset ${offset} ends after the end of the text at UTF-16 offset ${offset + length}`,
      );
    }
    if (e.type === 'text_link' && typeof e.url !== 'string') throw badRequest("can't parse MessageEntity: url is missing");
    return { ...e, offset, length } as MessageEntity;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------------

/**
 * A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests: the real bot (telegraf, unmodified)
 * talks HTTP to it, tests play the users and look at what the users would see.
 *
 * @example
 * ```ts
 * const tg = await FakeTelegram.start({ botUsername: 'sanad_bot' });
 * const bot = spawn('npm', ['start'], {
 *   env: { ...process.env, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot },
 * });
 * await tg.waitForPolling();                       // the bot called getMe, deleteWebhook and is long polling
 * const update = tg.userSendsMessage({ text: '/start' });
 * const [reply] = await tg.waitForMessages(update.message!.chat.id, 1);
 * expect(reply.text).toContain('Hello');           // plain text, after HTML parsing
 * expect(reply.entities).toContainEqual({ type: 'bold', offset: 0, length: 5 });
 * tg.failNext('sendMessage', { status: 429, retryAfter: 1 });   // the next sendMessage is rate limited
 * bot.kill();
 * await tg.close();
 * ```
 *
 * Faithful where it matters to an adapter: long polling with offsets
 * that confirm updates, a 409 for a second concurrent getUpdates, Telegram's HTML parser and its errors
 * (html.ts; strict about a bare `&` by default), text cleaning and trimming, the 4096 UTF-16 limit,
 * "message is not modified", editMessageText dropping the keyboard when reply_markup is omitted, group
 * privacy mode, unknown chats, blocked users, callback/inline query ids that can be answered once.
 *
 * Not faithful, on purpose or for lack of need: parse_mode Markdown/MarkdownV2 are refused with a 400 that
 * says so; real Bot API methods it does not implement answer 501 "Not Implemented by FakeTelegram"; no
 * webhooks delivery (setWebhook is recorded and makes getUpdates answer 409, as Telegram does); no flood
 * limits unless injected with failNext; URL entities are only found after http(s):// in user text; some
 * error descriptions (inline keyboard, inline results, commands) are close to but maybe not exactly
 * Telegram's wording.
 */
export class FakeTelegram {
  readonly token: string;
  readonly bot: User;
  readonly options: Required<Pick<FakeTelegramOptions, 'privacyMode' | 'strictHtml'>>;
  /** Default user for the helpers: Alice, id 1001, in her private chat with the bot. */
  readonly defaultUser: User = { id: 1001, is_bot: false, first_name: 'Alice', username: 'alice', language_code: 'en' };

  /** Every call the bot made, in the order they were answered. */
  readonly requests: RequestRecord[] = [];
  /** Calls received and not answered yet (typically the hanging getUpdates), status 0 until answered. */
  readonly inFlight = new Set<RequestRecord>();
  /** Every message the bot sent, including deleted ones (`deleted: true`), with edits applied. */
  readonly sentMessages: SentMessage[] = [];
  readonly inlineAnswers: InlineAnswer[] = [];
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly chatActions: ChatActionRecord[] = [];
  /** Every update the users produced, delivered or not. */
  readonly updates: Update[] = [];
  /** Updates Telegram would not deliver (privacy mode, allowed_updates), with the reason. */
  readonly undeliveredUpdates: UndeliveredUpdate[] = [];
  /** bot descriptions set with setMyDescription / setMyShortDescription, by language_code ('' = default). */
  readonly descriptions = { description: new Map<string, string>(), short_description: new Map<string, string>() };
  /** URL set with setWebhook ('' = none). */
  webhookUrl = '';

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly events = new EventEmitter();
  private readonly handlers = new Map<string, { name: string; fn: Handler }>();
  private readonly injections: Injection[] = [];
  private readonly chats = new Map<number, Chat>();
  private readonly store = new Map<number, Map<number, StoredMessage>>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly blocked = new Set<number>();
  private readonly commandSets = new Map<string, CommandSet>();
  private readonly inlineQueries = new Map<string, { query: InlineQuery; answered: boolean }>();
  private readonly callbackQueries = new Map<string, { query: CallbackQuery; answered: boolean }>();
  private readonly deliveries = new Map<number, number>();
  /** Unconfirmed updates, oldest first. */
  private queue: Update[] = [];
  private poll: PendingPoll | undefined;
  private allowedUpdates: string[] | null = null;
  private nextUpdateId = 10001;
  private nextQueryId = 1;
  private closed = false;
  private port = 0;

  private constructor(opts: FakeTelegramOptions) {
    // An obviously fake token, put together at run time so that secret scanners do not flag it.
    this.token = opts.token ?? ['7000000001', 'AAFakeTokenForSanadTests_0123456789ab'].join(':');
    const id = Number(/^(\d+):/.exec(this.token)?.[1] ?? 7000000001);
    this.bot = { id, is_bot: true, first_name: opts.botName ?? 'Sanad Test', username: opts.botUsername ?? 'sanad_test_bot' };
    this.options = { privacyMode: opts.privacyMode ?? true, strictHtml: opts.strictHtml ?? true };
    this.events.setMaxListeners(0);
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.registerHandlers();
  }

  /** Starts a fake on 127.0.0.1 on a free port. */
  static async start(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(opts);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** e.g. http://127.0.0.1:41234 — telegraf's `telegram.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** True while a getUpdates call is hanging, i.e. the bot is waiting for updates. */
  get isPolling(): boolean {
    return this.poll !== undefined;
  }

  /** Updates not yet confirmed by the bot (delivered or not). */
  get pendingUpdates(): readonly Update[] {
    return this.queue;
  }

  /** Stops the server: hanging long polls and keep-alive connections are destroyed at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.poll) {
      clearTimeout(this.poll.timer);
      this.poll = undefined;
    }
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closing;
    this.events.emit('closed');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Failures on demand
  // -------------------------------------------------------------------------------------------------------------

  /**
   * The next `times` calls to `method` ('*' = any method) get this error instead of being processed
   * (a failed getUpdates confirms nothing and delivers nothing). Queued injections apply in order.
   */
  failNext(method: string, spec: FailureSpec): this {
    this.injections.push({ method: method.toLowerCase(), kind: 'fail', remaining: spec.times ?? 1, spec });
    return this;
  }

  /** The next `times` calls to `method` ('*' = any) have their connection destroyed without an answer. */
  dropNext(method: string, times = 1): this {
    this.injections.push({ method: method.toLowerCase(), kind: 'drop', remaining: times });
    return this;
  }

  /** The next `times` calls to `method` are processed normally but answered `ms` later. */
  delayNext(method: string, ms: number, times = 1): this {
    this.injections.push({ method: method.toLowerCase(), kind: 'delay', remaining: times, delayMs: ms });
    return this;
  }

  // -------------------------------------------------------------------------------------------------------------
  // The users
  // -------------------------------------------------------------------------------------------------------------

  /** Makes a chat known, as if the user had started the bot or added it to the group. */
  addChat(chat: Chat): Chat {
    const existing = this.chats.get(chat.id);
    const merged = { ...existing, ...chat };
    this.chats.set(chat.id, merged);
    return merged;
  }

  /** The user blocks the bot: sendMessage & co. to their private chat answer 403 until they write again. */
  userBlocksBot(userId: number = this.defaultUser.id): void {
    this.blocked.add(userId);
  }

  /**
   * A user sends a message. Returns the update as Telegram builds it (also when Telegram would not deliver
   * it to the bot: see `undeliveredUpdates`). Defaults: from = defaultUser, chat = their private chat.
   */
  userSendsMessage(input: UserMessageInput): Update {
    const from = this.user(input.from);
    const chat = this.chatFor(input.chat, from);
    this.blocked.delete(from.id);
    const message: Message = { message_id: this.nextMessageId(chat.id), from, chat, date: now() };
    this.fillContent(message, input);
    if (input.reply_to_message_id !== undefined) {
      const replied = this.findMessage(chat.id, input.reply_to_message_id);
      if (!replied || replied.deleted) {
        throw new Error(`userSendsMessage: no message ${input.reply_to_message_id} in chat ${chat.id} to reply to`);
      }
      message.reply_to_message = this.withoutReply(replied.message);
    }
    this.storeMessage(chat.id, { message, fromBot: false, deleted: false });
    const update: Update = { update_id: this.nextUpdateId++, message: clone(message) };
    this.enqueue(update, 'message', this.privacyFilter(message));
    return update;
  }

  /** A user edits one of their messages (give the Message from the update, or its chat id and message_id). */
  userEditsMessage(input: {
    message: Message | { chat: { id: number }; message_id: number };
    text?: string;
    entities?: MessageEntity[];
    caption?: string;
  }): Update {
    const stored = this.findMessage(input.message.chat.id, input.message.message_id);
    if (!stored || stored.deleted) throw new Error(`userEditsMessage: message ${input.message.message_id} not found`);
    if (stored.fromBot) throw new Error('userEditsMessage: users cannot edit the bot’s messages');
    const message = stored.message;
    if (input.text !== undefined) {
      if (message.text === undefined) throw new Error('userEditsMessage: the message has no text to edit');
      message.text = input.text;
      const entities = input.entities ?? detectEntities(input.text);
      if (entities.length > 0) message.entities = entities;
      else delete message.entities;
    }
    if (input.caption !== undefined) {
      message.caption = input.caption;
      const entities = detectEntities(input.caption);
      if (entities.length > 0) message.caption_entities = entities;
      else delete message.caption_entities;
    }
    message.edit_date = now();
    const update: Update = { update_id: this.nextUpdateId++, edited_message: clone(message) };
    this.enqueue(update, 'edited_message', this.privacyFilter(message));
    return update;
  }

  /** A user types "@bot query" in a chat: an inline_query update. */
  userSendsInlineQuery(input: { from?: Partial<User> & { id: number }; query: string; offset?: string; chat_type?: InlineQuery['chat_type'] }): Update {
    const query: InlineQuery = {
      id: this.queryId(),
      from: this.user(input.from),
      query: input.query,
      offset: input.offset ?? '',
      chat_type: input.chat_type ?? 'sender',
    };
    this.inlineQueries.set(query.id, { query, answered: false });
    const update: Update = { update_id: this.nextUpdateId++, inline_query: clone(query) };
    this.enqueue(update, 'inline_query');
    return update;
  }

  /**
   * A user presses a callback button of a bot message. Throws (a test bug) when the message is gone or has no
   * such button, since no user could press it. Find the button by `data` (callback_data) or by its `text`.
   */
  userPressesButton(input: {
    from?: Partial<User> & { id: number };
    /** A SentMessage, or any message object with chat.id and message_id (e.g. what sendMessage returned). */
    message: SentMessage | { chat: { id: number }; message_id: number };
    data?: string;
    text?: string;
  }): Update {
    const chatId = 'chat_id' in input.message ? input.message.chat_id : input.message.chat.id;
    const stored = this.findMessage(chatId, input.message.message_id);
    if (!stored || stored.deleted) throw new Error(`userPressesButton: message ${input.message.message_id} is not in chat ${chatId}`);
    if (!stored.fromBot) throw new Error('userPressesButton: that message is not from the bot');
    const buttons = (stored.message.reply_markup?.inline_keyboard ?? []).flat();
    const button = buttons.find((b) =>
      input.data !== undefined ? b.callback_data === input.data : input.text !== undefined && b.text === input.text,
    );
    if (!button) {
      const list = buttons.map((b) => `[${b.text}${b.callback_data !== undefined ? ` → ${b.callback_data}` : ''}]`).join(' ');
      throw new Error(
        `userPressesButton: message ${stored.message.message_id} has no button with ${input.data !== undefined ? `callback_data "${input.data}"` : `text "${input.text}"`}; it has: ${list || 'no inline keyboard'}`,
      );
    }
    if (button.callback_data === undefined) {
      throw new Error(`userPressesButton: button "${button.text}" is not a callback button (no callback query is sent)`);
    }
    const query: CallbackQuery = {
      id: this.queryId(),
      from: this.user(input.from),
      message: clone(stored.message),
      chat_instance: String(BigInt(Math.abs(chatId)) * 7919n + 4211n),
      data: button.callback_data,
    };
    this.callbackQueries.set(query.id, { query, answered: false });
    const update: Update = { update_id: this.nextUpdateId++, callback_query: clone(query) };
    this.enqueue(update, 'callback_query');
    return update;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Inspection
  // -------------------------------------------------------------------------------------------------------------

  /** Calls to `method` (case-insensitive), in order. */
  callsTo(method: string): RequestRecord[] {
    const m = method.toLowerCase();
    return this.requests.filter((r) => r.method.toLowerCase() === m);
  }

  /** Messages the bot sent to a chat, deleted ones included. */
  messagesIn(chatId: number): SentMessage[] {
    return this.sentMessages.filter((m) => m.chat_id === chatId);
  }

  /** How many getUpdates answers carried this update (1 = delivered once). */
  deliveryCount(update: Update | number): number {
    return this.deliveries.get(typeof update === 'number' ? update : update.update_id) ?? 0;
  }

  /** Command sets stored with setMyCommands. */
  get commands(): CommandSet[] {
    return [...this.commandSets.values()].map(clone);
  }

  /** The commands stored for exactly this scope and language (what getMyCommands answers). */
  commandsFor(scope: BotCommandScope = { type: 'default' }, languageCode = ''): BotCommand[] {
    return clone(this.commandSets.get(this.scopeKey(scope, languageCode))?.commands ?? []);
  }

  /**
   * The command menu a user would see in a chat, resolved the way Telegram documents it (most specific scope
   * first, each with the user's language then without).
   */
  visibleCommands(input: { chat: Chat | { id: number; type: ChatType }; user?: User; isAdmin?: boolean }): BotCommand[] {
    const user = input.user ?? this.defaultUser;
    const lang = (user.language_code ?? '').slice(0, 2).toLowerCase();
    const chatId = input.chat.id;
    const scopes: BotCommandScope[] =
      input.chat.type === 'private'
        ? [{ type: 'chat', chat_id: chatId }, { type: 'all_private_chats' }, { type: 'default' }]
        : [
            { type: 'chat_member', chat_id: chatId, user_id: user.id },
            ...(input.isAdmin ? [{ type: 'chat_administrators', chat_id: chatId } as const] : []),
            { type: 'chat', chat_id: chatId },
            ...(input.isAdmin ? [{ type: 'all_chat_administrators' } as const] : []),
            { type: 'all_group_chats' },
            { type: 'default' },
          ];
    for (const scope of scopes) {
      for (const language of lang ? [lang, ''] : ['']) {
        const set = this.commandSets.get(this.scopeKey(scope, language));
        if (set && set.commands.length > 0) return clone(set.commands);
      }
    }
    return [];
  }

  /** A readable account of everything that happened, for failure messages. */
  summary(): string {
    const lines: string[] = [];
    const short = (s: string, n = 160): string => JSON.stringify(s.length > n ? `${s.slice(0, n)}…` : s);
    lines.push(`Bot API calls (${this.requests.length}):`);
    const calls = this.requests.slice(-40);
    if (this.requests.length > calls.length) lines.push(`  … ${this.requests.length - calls.length} earlier calls`);
    for (const r of calls) {
      const response = r.response as { description?: string; result?: unknown } | undefined;
      const detail =
        r.aborted ? 'aborted by the bot' : r.status === 0 ? 'connection dropped' : r.status === 200 ? '' : (response?.description ?? '');
      const what = r.method.toLowerCase() === 'sendmessage' || r.method.toLowerCase() === 'editmessagetext'
        ? ` chat=${String(r.params.chat_id)} text=${short(String(r.params.text ?? ''), 60)}`
        : '';
      lines.push(`  ${r.method} → ${r.status}${r.injected ? ` (injected ${r.injected})` : ''}${what}${detail ? ` ${detail}` : ''}`);
    }
    lines.push(`Messages the bot sent (${this.sentMessages.length}):`);
    for (const m of this.sentMessages) {
      const flags = [m.deleted ? 'deleted' : '', m.edits.length ? `${m.edits.length} edit(s)` : ''].filter(Boolean).join(', ');
      lines.push(`  chat ${m.chat_id} #${m.message_id}${flags ? ` (${flags})` : ''}: ${short(m.text)}`);
    }
    if (this.chatActions.length) lines.push(`Chat actions: ${this.chatActions.map((a) => `${a.chat_id}:${a.action}`).join(', ')}`);
    if (this.inlineAnswers.length) lines.push(`Inline answers: ${this.inlineAnswers.length}`);
    if (this.callbackAnswers.length) lines.push(`Callback answers: ${this.callbackAnswers.map((a) => short(a.text ?? '', 40)).join(', ')}`);
    const unansweredCb = [...this.callbackQueries.values()].filter((q) => !q.answered).length;
    if (unansweredCb) lines.push(`Callback queries not answered: ${unansweredCb}`);
    const neverFetched = this.queue.filter((u) => !this.deliveries.has(u.update_id)).map((u) => u.update_id);
    lines.push(
      `Updates: ${this.updates.length} made, ${this.queue.length} not confirmed by the bot` +
        (neverFetched.length ? ` (${neverFetched.join(', ')} never fetched)` : ''),
    );
    for (const u of this.undeliveredUpdates) lines.push(`  update ${u.update.update_id} not delivered: ${u.reason}`);
    lines.push(this.isPolling ? 'The bot is long polling now.' : 'The bot is not long polling now.');
    const waiting = [...this.inFlight].filter((r) => r.method.toLowerCase() !== 'getupdates');
    if (waiting.length) lines.push(`Calls not answered yet: ${waiting.map((r) => r.method).join(', ')}`);
    const unknown = this.requests.filter((r) => r.status === 404 || r.status === 501).map((r) => r.method);
    if (unknown.length) lines.push(`Unknown or unimplemented methods called: ${[...new Set(unknown)].join(', ')}`);
    return lines.join('\n');
  }

  /**
   * Resolves with the predicate's first truthy result, checked now and after every change (calls, updates).
   * Rejects after `timeoutMs` with `summary()` in the message.
   */
  waitFor<T>(predicate: (fake: this) => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        if (timer) clearTimeout(timer);
        this.events.off('change', check);
        this.events.off('closed', onClosed);
      };
      const check = (): boolean => {
        let value: T | undefined | null | false;
        try {
          value = predicate(this);
        } catch (error) {
          cleanup();
          reject(error instanceof Error ? error : new Error(String(error)));
          return true;
        }
        if (value) {
          cleanup();
          resolve(value);
          return true;
        }
        return false;
      };
      const onClosed = (): void => {
        cleanup();
        reject(new Error(`FakeTelegram closed while waiting for ${what}.\n${this.summary()}`));
      };
      if (check()) return;
      this.events.on('change', check);
      this.events.on('closed', onClosed);
      timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeTelegram: timed out after ${timeoutMs} ms waiting for ${what}.\n${this.summary()}`));
      }, timeoutMs);
    });
  }

  /** Resolves with the bot's messages in `chatId` once there are at least `n` (deleted ones count). */
  waitForMessages(chatId: number, n = 1, timeoutMs = 5000): Promise<SentMessage[]> {
    return this.waitFor(
      () => {
        const messages = this.messagesIn(chatId);
        return messages.length >= n ? messages : undefined;
      },
      timeoutMs,
      `${n} message(s) from the bot in chat ${chatId}`,
    );
  }

  /** Resolves when the bot has a getUpdates call hanging (it started and is waiting for updates). */
  waitForPolling(timeoutMs = 5000): Promise<true> {
    return this.waitFor(() => this.isPolling || undefined, timeoutMs, 'the bot to long poll getUpdates');
  }

  // -------------------------------------------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------------------------------------------

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = /^\/bot([^/]*)\/([^/]+)$/.exec(url.pathname);
    const contentType = req.headers['content-type'] ?? '';
    const record: RequestRecord = {
      method: route ? decodeURIComponent(route[2]) : url.pathname,
      httpMethod: req.method ?? 'GET',
      contentType,
      params: {},
      status: 0,
      startedAt,
      endedAt: 0,
    };

    const send = (status: number, payload: unknown): void => {
      record.status = status;
      record.response = payload;
      record.endedAt = Date.now();
      if (!res.destroyed && !res.writableEnded) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      }
      this.inFlight.delete(record);
      this.requests.push(record);
      this.changed();
    };
    const sendError = (error: ApiError): void =>
      send(error.status, {
        ok: false,
        error_code: error.status,
        description: error.description,
        ...(error.parameters ? { parameters: error.parameters } : {}),
      });

    if (!route) return sendError(new ApiError(404, 'Not Found'));
    if (decodeURIComponent(route[1]) !== this.token) return sendError(new ApiError(401, 'Unauthorized'));

    try {
      record.params = await this.readParams(url, contentType, body);
    } catch (error) {
      return sendError(error instanceof ApiError ? error : badRequest(String(error)));
    }

    const methodLower = record.method.toLowerCase();
    this.inFlight.add(record);
    const injection = this.takeInjection(methodLower);
    if (injection?.kind === 'drop') {
      record.injected = 'drop';
      record.endedAt = Date.now();
      req.socket.destroy();
      this.inFlight.delete(record);
      this.requests.push(record);
      this.changed();
      return;
    }
    if (injection?.kind === 'fail') {
      record.injected = 'fail';
      return sendError(this.injectedError(injection.spec as FailureSpec));
    }
    if (injection?.kind === 'delay') {
      record.injected = 'delay';
      await new Promise((resolve) => setTimeout(resolve, injection.delayMs));
    }

    const handler = this.handlers.get(methodLower);
    if (!handler) {
      if (REAL_BUT_UNIMPLEMENTED.has(methodLower)) {
        return sendError(new ApiError(501, `Not Implemented by FakeTelegram: ${record.method}`));
      }
      return sendError(new ApiError(404, 'Not Found'));
    }

    let abortedResolve!: () => void;
    const aborted = new Promise<void>((resolve) => (abortedResolve = resolve));
    let isAborted = false;
    res.on('close', () => {
      if (!res.writableEnded) {
        isAborted = true;
        abortedResolve();
      }
    });
    try {
      const result = await handler.fn(new ParamReader(record.params), { aborted, isAborted: () => isAborted });
      if (isAborted) {
        record.aborted = true;
        record.endedAt = Date.now();
        this.inFlight.delete(record);
        this.requests.push(record);
        this.changed();
        return;
      }
      send(200, { ok: true, result });
    } catch (error) {
      if (error instanceof ApiError) return sendError(error);
      sendError(new ApiError(500, `Internal Server Error: FakeTelegram bug: ${String((error as Error)?.stack ?? error)}`));
    }
  }

  private async readParams(url: URL, contentType: string, body: Buffer): Promise<Params> {
    const params: Params = Object.fromEntries(url.searchParams);
    const type = contentType.split(';')[0].trim().toLowerCase();
    if (body.length === 0) return params;
    if (type === 'application/json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw badRequest("can't parse JSON object");
      }
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
    } else if (type === 'application/x-www-form-urlencoded') {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    } else if (type === 'multipart/form-data') {
      const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') {
          params[key] = value;
        } else {
          const file: UploadedFile = {
            filename: value.name,
            type: value.type,
            size: value.size,
            data: Buffer.from(await value.arrayBuffer()),
          };
          params[key] = file;
        }
      }
    }
    return params;
  }

  private takeInjection(methodLower: string): Injection | undefined {
    const index = this.injections.findIndex((i) => i.method === methodLower || i.method === '*');
    if (index === -1) return undefined;
    const injection = this.injections[index];
    injection.remaining--;
    if (injection.remaining <= 0) this.injections.splice(index, 1);
    return injection;
  }

  private injectedError(spec: FailureSpec): ApiError {
    const defaults: Record<number, string> = {
      400: 'Bad Request: injected by FakeTelegram.failNext',
      401: 'Unauthorized',
      403: 'Forbidden: bot was blocked by the user',
      404: 'Not Found',
      409: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      500: 'Internal Server Error',
      502: 'Bad Gateway',
    };
    if (spec.status === 429) {
      const retryAfter = spec.retryAfter ?? 5;
      return new ApiError(429, spec.description ?? `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    return new ApiError(spec.status, spec.description ?? defaults[spec.status] ?? `Error ${spec.status}`);
  }

  private changed(): void {
    this.events.emit('change');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Updates and long polling
  // -------------------------------------------------------------------------------------------------------------

  private enqueue(update: Update, type: UpdateType, refusal?: string): void {
    this.updates.push(update);
    const allowed = this.allowedUpdates;
    const reason =
      refusal ??
      (allowed ? (!allowed.includes(type) ? `allowed_updates ${JSON.stringify(allowed)} excludes "${type}"` : undefined)
        : OPT_IN_UPDATES.has(type) ? `"${type}" must be asked for in allowed_updates` : undefined);
    if (reason) {
      this.undeliveredUpdates.push({ update, reason });
    } else {
      this.queue.push(update);
      if (this.poll) setImmediate(() => this.flushPoll());
    }
    this.changed();
  }

  private flushPoll(): void {
    const poll = this.poll;
    if (!poll || this.queue.length === 0) return;
    this.poll = undefined;
    clearTimeout(poll.timer);
    poll.resolve(this.deliver(poll.limit));
  }

  private deliver(limit: number): Update[] {
    const batch = this.queue.slice(0, limit);
    for (const u of batch) this.deliveries.set(u.update_id, (this.deliveries.get(u.update_id) ?? 0) + 1);
    return clone(batch);
  }

  private async getUpdates(p: ParamReader, call: CallContext): Promise<Update[]> {
    if (this.webhookUrl) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = p.int('offset') ?? 0;
    const limit = Math.min(100, Math.max(1, p.int('limit') ?? 100));
    const timeout = Math.max(0, p.int('timeout') ?? 0);
    const allowed = p.json('allowed_updates');
    if (allowed !== undefined) {
      if (!Array.isArray(allowed)) throw badRequest("can't parse allowed_updates JSON array");
      this.allowedUpdates = allowed.length > 0 ? allowed.map(String) : null;
    }
    if (offset > 0) {
      this.queue = this.queue.filter((u) => u.update_id >= offset);
    } else if (offset < 0) {
      this.queue = this.queue.slice(offset);
    }

    // Telegram answers an older pending getUpdates with 409 when another one arrives.
    if (this.poll) {
      const previous = this.poll;
      this.poll = undefined;
      clearTimeout(previous.timer);
      previous.reject(
        new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'),
      );
    }
    if (this.queue.length > 0 || timeout === 0 || this.closed) return this.deliver(limit);

    return new Promise<Update[]>((resolve, reject) => {
      const poll: PendingPoll = {
        limit,
        resolve,
        reject,
        timer: setTimeout(() => {
          if (this.poll === poll) this.poll = undefined;
          resolve([]);
          this.changed();
        }, timeout * 1000),
      };
      this.poll = poll;
      this.changed();
      void call.aborted.then(() => {
        if (this.poll === poll) {
          this.poll = undefined;
          clearTimeout(poll.timer);
          resolve([]);
        }
      });
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Chats and messages
  // -------------------------------------------------------------------------------------------------------------

  private user(from?: Partial<User> & { id: number }): User {
    if (!from) return { ...this.defaultUser };
    const base = from.id === this.defaultUser.id ? this.defaultUser : { id: from.id, is_bot: false, first_name: `User ${from.id}` };
    return { ...base, ...from, is_bot: false };
  }

  private chatFor(chat: UserMessageInput['chat'], from: User): Chat {
    if (!chat || chat.type === 'private') {
      const id = chat?.id ?? from.id;
      const privateChat: Chat = { id, type: 'private', first_name: from.first_name };
      if (from.last_name) privateChat.last_name = from.last_name;
      if (from.username) privateChat.username = from.username;
      return clone(this.addChat(privateChat));
    }
    const group: Chat = { id: chat.id, type: chat.type, title: chat.title ?? this.chats.get(chat.id)?.title ?? `Group ${chat.id}` };
    if (chat.username) group.username = chat.username;
    return clone(this.addChat(group));
  }

  private fillContent(message: Message, input: UserMessageInput): void {
    const fileId = (kind: string): { file_id: string; file_unique_id: string } => {
      const n = this.nextQueryId++;
      return { file_id: `fake-${kind}-${n}`, file_unique_id: `uniq-${kind}-${n}` };
    };
    let media = false;
    if (input.sticker) {
      media = true;
      message.sticker = { ...fileId('sticker'), type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍', ...(input.sticker === true ? {} : input.sticker) };
    }
    if (input.photo) {
      media = true;
      message.photo = input.photo === true
        ? [{ ...fileId('photo-s'), width: 90, height: 60, file_size: 1200 }, { ...fileId('photo'), width: 1280, height: 853, file_size: 98000 }]
        : input.photo;
    }
    if (input.voice) {
      media = true;
      message.voice = { ...fileId('voice'), duration: 3, mime_type: 'audio/ogg', file_size: 9000, ...(input.voice === true ? {} : input.voice) };
    }
    if (input.document) {
      media = true;
      message.document = { ...fileId('document'), file_name: 'file.pdf', mime_type: 'application/pdf', file_size: 20000, ...(input.document === true ? {} : input.document) };
    }
    if (media) {
      const caption = input.caption ?? input.text;
      if (caption !== undefined) {
        message.caption = caption;
        const entities = input.entities ?? detectEntities(caption);
        if (entities.length > 0) message.caption_entities = entities;
      }
      return;
    }
    if (input.text === undefined || input.text === '') throw new Error('userSendsMessage: give text or media (sticker, photo, voice, document)');
    message.text = input.text;
    const entities = input.entities ?? detectEntities(input.text);
    if (entities.length > 0) message.entities = entities;
  }

  /** Why a group message would not reach a bot in privacy mode, or undefined if it would. */
  private privacyFilter(message: Message): string | undefined {
    if (!this.options.privacyMode || message.chat.type === 'private' || message.chat.type === 'channel') return undefined;
    const text = message.text ?? message.caption ?? '';
    const entities = message.entities ?? message.caption_entities ?? [];
    const me = (this.bot.username ?? '').toLowerCase();
    const first = entities.find((e) => e.offset === 0 && e.type === 'bot_command');
    if (first) {
      const command = text.slice(0, first.length);
      const at = command.indexOf('@');
      if (at === -1 || command.slice(at + 1).toLowerCase() === me) return undefined;
      return `privacy mode: command ${command} is for another bot`;
    }
    if (entities.some((e) => e.type === 'mention' && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === me)) {
      return undefined;
    }
    if (message.reply_to_message?.from?.id === this.bot.id) return undefined;
    return 'privacy mode: in a group the bot only gets commands, mentions of it and replies to it';
  }

  private nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  private storeMessage(chatId: number, stored: StoredMessage): void {
    let chatStore = this.store.get(chatId);
    if (!chatStore) {
      chatStore = new Map();
      this.store.set(chatId, chatStore);
    }
    chatStore.set(stored.message.message_id, stored);
  }

  private findMessage(chatId: number, messageId: number): StoredMessage | undefined {
    return this.store.get(chatId)?.get(messageId);
  }

  private withoutReply(message: Message): Message {
    const copy = clone(message);
    delete copy.reply_to_message;
    return copy;
  }

  private queryId(): string {
    return String(4200000000000000000n + BigInt(this.nextQueryId++));
  }

  private resolveChat(p: ParamReader, field = 'chat_id'): Chat {
    const raw = p.str(field);
    if (raw === undefined || raw === '') throw badRequest(`${field} is empty`);
    let chat: Chat | undefined;
    if (raw.startsWith('@')) {
      chat = [...this.chats.values()].find((c) => c.username?.toLowerCase() === raw.slice(1).toLowerCase() && c.type !== 'private');
    } else if (/^-?\d+$/.test(raw)) {
      chat = this.chats.get(Number(raw));
    }
    if (!chat) throw badRequest('chat not found');
    return chat;
  }

  private assertCanWrite(chat: Chat): void {
    if (chat.type === 'private' && this.blocked.has(chat.id)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
  }

  private messageId(p: ParamReader): number {
    if (p.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID (FakeTelegram has no inline messages)');
    const id = p.int('message_id');
    if (id === undefined) throw badRequest('message identifier is not specified');
    return id;
  }

  /** Text of sendMessage / editMessageText / input_message_content: parse, clean, trim, check length. */
  private formatText(text: string | undefined, parseModeRaw: string | undefined, entitiesRaw: unknown): { text: string; entities: MessageEntity[] } {
    if (text === undefined || text === '') throw badRequest('message text is empty');
    const parseMode = (parseModeRaw ?? '').toLowerCase();
    let parsed: { text: string; entities: MessageEntity[] };
    if (parseMode === '') {
      parsed = { text, entities: validateEntitiesParam(entitiesRaw, text) };
    } else if (parseMode === 'html') {
      try {
        parsed = parseTelegramHtml(text, { strict: this.options.strictHtml });
      } catch (error) {
        if (error instanceof TelegramHtmlError) throw new ApiError(400, error.description);
        throw error;
      }
    } else if (parseMode === 'markdown' || parseMode === 'markdownv2') {
      throw badRequest(`parse_mode ${parseModeRaw} is not supported by FakeTelegram (use HTML or plain text)`);
    } else {
      throw badRequest('unsupported parse_mode');
    }
    const cleaned = cleanText(parsed.text, parsed.entities);
    if (cleaned.text.length > MAX_TEXT) throw badRequest('message is too long');
    return cleaned;
  }

  /** Validates reply_markup; returns the inline keyboard to attach, if any, and the markup as sent. */
  private replyMarkup(p: ParamReader): { inline?: InlineKeyboardMarkup; raw?: unknown } {
    if (!p.has('reply_markup')) return {};
    let raw: unknown;
    try {
      raw = p.json('reply_markup');
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
    if (!raw || typeof raw !== 'object') throw badRequest("can't parse reply keyboard markup JSON object");
    const markup = raw as Record<string, unknown>;
    if (!('inline_keyboard' in markup)) return { raw };
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    }
    const buttons = (rows as unknown[][]).flat();
    if (buttons.length > 100) throw badRequest('BUTTONS_TOO_MUCH');
    for (const rawButton of buttons) {
      if (!rawButton || typeof rawButton !== 'object') throw badRequest("can't parse InlineKeyboardButton: Object expected");
      const button = rawButton as Record<string, unknown>;
      if (typeof button.text !== 'string') throw badRequest('can\'t parse InlineKeyboardButton: Field "text" must be of type String');
      if (button.text.trim() === '') throw badRequest('BUTTON_TEXT_INVALID');
      const actions = BUTTON_ACTIONS.filter((a) => button[a] !== undefined && button[a] !== null && button[a] !== '');
      if (actions.length === 0) {
        if (button.callback_data === '') throw badRequest('BUTTON_DATA_INVALID');
        throw badRequest("can't parse InlineKeyboardButton: Text buttons are not allowed in the inline keyboard");
      }
      if (button.callback_data !== undefined) {
        if (typeof button.callback_data !== 'string') throw badRequest('can\'t parse InlineKeyboardButton: Field "callback_data" must be of type String');
        const bytes = utf8Length(button.callback_data);
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      if (button.url !== undefined) {
        const ok = typeof button.url === 'string' && /^(https?|tg):\/\/\S+$/i.test(button.url);
        if (!ok) throw badRequest(`inline keyboard button URL '${String(button.url)}' is invalid: Wrong HTTP URL`);
      }
    }
    const inline: InlineKeyboardMarkup = {
      inline_keyboard: (rows as InlineKeyboardButton[][]).filter((row) => row.length > 0).map((row) => row.map((b) => ({ ...b }))),
    };
    return { inline: inline.inline_keyboard.length > 0 ? inline : undefined, raw };
  }

  private scopeKey(scope: BotCommandScope, languageCode: string): string {
    const s = scope as { type: string; chat_id?: number; user_id?: number };
    return JSON.stringify([s.type, s.chat_id ?? null, s.user_id ?? null, languageCode]);
  }

  private readScope(p: ParamReader): BotCommandScope {
    const raw = p.json('scope');
    if (raw === undefined) return { type: 'default' };
    if (!raw || typeof raw !== 'object') throw badRequest("can't parse BotCommandScope JSON object");
    const scope = raw as { type?: unknown; chat_id?: unknown; user_id?: unknown };
    const chatId = (): number => this.resolveChat(new ParamReader({ chat_id: scope.chat_id })).id;
    switch (scope.type) {
      case 'default':
      case 'all_private_chats':
      case 'all_group_chats':
      case 'all_chat_administrators':
        return { type: scope.type };
      case 'chat':
      case 'chat_administrators':
        return { type: scope.type, chat_id: chatId() };
      case 'chat_member': {
        const userId = Number(scope.user_id);
        if (!Number.isSafeInteger(userId)) throw badRequest('invalid user_id specified');
        return { type: 'chat_member', chat_id: chatId(), user_id: userId };
      }
      default:
        throw badRequest('unsupported bot command scope type');
    }
  }

  private readLanguage(p: ParamReader): string {
    const lang = p.str('language_code') ?? '';
    if (lang !== '' && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified');
    return lang;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Bot API methods
  // -------------------------------------------------------------------------------------------------------------

  private on(name: string, fn: Handler): void {
    this.handlers.set(name.toLowerCase(), { name, fn });
  }

  private registerHandlers(): void {
    this.on('getMe', () => ({
      ...this.bot,
      can_join_groups: true,
      can_read_all_group_messages: !this.options.privacyMode,
      supports_inline_queries: true,
      can_connect_to_business: false,
      has_main_web_app: false,
    }));

    this.on('getUpdates', (p, call) => this.getUpdates(p, call));

    this.on('deleteWebhook', (p) => {
      this.webhookUrl = '';
      if (p.bool('drop_pending_updates')) this.queue = [];
      return true;
    });

    this.on('setWebhook', (p) => {
      const url = p.str('url') ?? '';
      if (url !== '' && !/^https:\/\//i.test(url)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      this.webhookUrl = url;
      if (p.bool('drop_pending_updates')) this.queue = [];
      return true;
    });

    this.on('getWebhookInfo', () => ({
      url: this.webhookUrl,
      has_custom_certificate: false,
      pending_update_count: this.queue.length,
      ...(this.allowedUpdates ? { allowed_updates: this.allowedUpdates } : {}),
    }));

    this.on('getChat', (p) => {
      const chat = this.resolveChat(p);
      return { ...clone(chat), accent_color_id: 0, max_reaction_count: 11 };
    });

    this.on('sendMessage', (p) => {
      const chat = this.resolveChat(p);
      this.assertCanWrite(chat);
      const { text, entities } = this.formatText(p.str('text'), p.str('parse_mode'), p.json('entities'));
      const replyParameters = p.json('reply_parameters') as Record<string, unknown> | undefined;
      if (replyParameters !== undefined && (typeof replyParameters !== 'object' || replyParameters === null)) {
        throw badRequest("can't parse reply parameters JSON object");
      }
      const replyTo = replyParameters?.message_id !== undefined ? Number(replyParameters.message_id) : p.int('reply_to_message_id');
      const allowWithoutReply = Boolean(replyParameters?.allow_sending_without_reply ?? p.bool('allow_sending_without_reply'));
      let replied: StoredMessage | undefined;
      if (replyTo !== undefined && replyTo !== 0) {
        replied = this.findMessage(chat.id, replyTo);
        if (!replied || replied.deleted) {
          replied = undefined;
          if (!allowWithoutReply) throw badRequest('message to be replied not found');
        }
      }
      const markup = this.replyMarkup(p);

      const message: Message = { message_id: this.nextMessageId(chat.id), from: { ...this.bot }, chat: clone(chat), date: now(), text };
      if (entities.length > 0) message.entities = entities;
      if (replied) message.reply_to_message = this.withoutReply(replied.message);
      if (markup.inline) message.reply_markup = markup.inline;

      const sent: SentMessage = {
        message_id: message.message_id,
        chat_id: chat.id,
        text,
        entities: clone(entities),
        raw: p.raw,
        message,
        edits: [],
        deleted: false,
        sentAt: Date.now(),
      };
      const parseMode = p.str('parse_mode');
      if (parseMode) sent.parse_mode = parseMode;
      if (replied) sent.reply_to_message_id = replied.message.message_id;
      if (replyParameters) sent.reply_parameters = replyParameters;
      if (markup.inline ?? markup.raw) sent.reply_markup = markup.inline ?? markup.raw;
      this.storeMessage(chat.id, { message, fromBot: true, deleted: false, sent });
      this.sentMessages.push(sent);
      return clone(message);
    });

    const editTarget = (p: ParamReader): StoredMessage => {
      const chat = this.resolveChat(p);
      const id = this.messageId(p);
      const stored = this.findMessage(chat.id, id);
      if (!stored || stored.deleted) throw badRequest('message to edit not found');
      if (!stored.fromBot) throw badRequest("message can't be edited");
      return stored;
    };
    const applyEdit = (stored: StoredMessage, method: MessageEdit['method'], p: ParamReader, after: MessageState): Message => {
      const message = stored.message;
      const before: MessageState = { text: message.text ?? '', entities: message.entities ?? [], reply_markup: message.reply_markup };
      const same =
        before.text === after.text &&
        canonical(before.entities) === canonical(after.entities) &&
        canonical(before.reply_markup ?? null) === canonical(after.reply_markup ?? null);
      if (same) throw badRequest(NOT_MODIFIED);
      message.text = after.text;
      if (after.entities.length > 0) message.entities = clone(after.entities);
      else delete message.entities;
      if (after.reply_markup) message.reply_markup = clone(after.reply_markup);
      else delete message.reply_markup;
      message.edit_date = now();
      const sent = stored.sent;
      if (sent) {
        const edit: MessageEdit = { method, at: Date.now(), params: p.raw, before: clone(before), after: clone(after) };
        const parseMode = p.str('parse_mode');
        if (parseMode) edit.parse_mode = parseMode;
        sent.edits.push(edit);
        sent.text = after.text;
        sent.entities = clone(after.entities);
        if (after.reply_markup) sent.reply_markup = clone(after.reply_markup);
        else if (sent.reply_markup && typeof sent.reply_markup === 'object' && 'inline_keyboard' in sent.reply_markup) delete sent.reply_markup;
      }
      return clone(message);
    };

    this.on('editMessageText', (p) => {
      const stored = editTarget(p);
      if (stored.message.text === undefined) throw badRequest('there is no text in the message to edit');
      const { text, entities } = this.formatText(p.str('text'), p.str('parse_mode'), p.json('entities'));
      // Telegram drops the inline keyboard when an edit does not repeat it.
      return applyEdit(stored, 'editMessageText', p, { text, entities, reply_markup: this.replyMarkup(p).inline });
    });

    this.on('editMessageReplyMarkup', (p) => {
      const stored = editTarget(p);
      const message = stored.message;
      return applyEdit(stored, 'editMessageReplyMarkup', p, {
        text: message.text ?? '',
        entities: message.entities ?? [],
        reply_markup: this.replyMarkup(p).inline,
      });
    });

    this.on('deleteMessage', (p) => {
      const chat = this.resolveChat(p);
      const id = this.messageId(p);
      const stored = this.findMessage(chat.id, id);
      if (!stored || stored.deleted) throw badRequest('message to delete not found');
      if (!stored.fromBot && chat.type !== 'private') throw badRequest("message can't be deleted");
      stored.deleted = true;
      if (stored.sent) stored.sent.deleted = true;
      return true;
    });

    this.on('sendChatAction', (p) => {
      const chat = this.resolveChat(p);
      this.assertCanWrite(chat);
      const action = p.str('action');
      if (!action || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
      this.chatActions.push({ chat_id: chat.id, action, at: Date.now() });
      return true;
    });

    this.on('answerCallbackQuery', (p) => {
      const id = p.str('callback_query_id');
      if (!id) throw badRequest('parameter "callback_query_id" is required');
      const entry = this.callbackQueries.get(id);
      if (!entry || entry.answered) throw badRequest(QUERY_TOO_OLD);
      const text = p.str('text');
      if (text !== undefined && [...text].length > 200) throw badRequest('MESSAGE_TOO_LONG');
      entry.answered = true;
      const answer: CallbackAnswer = { callback_query_id: id, query: clone(entry.query), params: p.raw, at: Date.now() };
      if (text !== undefined) answer.text = text;
      const showAlert = p.bool('show_alert');
      if (showAlert !== undefined) answer.show_alert = showAlert;
      const url = p.str('url');
      if (url !== undefined) answer.url = url;
      const cacheTime = p.int('cache_time');
      if (cacheTime !== undefined) answer.cache_time = cacheTime;
      this.callbackAnswers.push(answer);
      return true;
    });

    this.on('answerInlineQuery', (p) => {
      const id = p.str('inline_query_id');
      if (!id) throw badRequest('parameter "inline_query_id" is required');
      const entry = this.inlineQueries.get(id);
      if (!entry || entry.answered) throw badRequest(QUERY_TOO_OLD);
      const results = p.json('results');
      if (!Array.isArray(results)) throw badRequest("can't parse inline query results JSON object");
      if (results.length > 50) throw badRequest('RESULTS_TOO_MUCH');
      const ids = new Set<string>();
      const messages: InlineAnswer['messages'] = [];
      for (const rawResult of results) {
        if (!rawResult || typeof rawResult !== 'object') throw badRequest("can't parse InlineQueryResult: Object expected");
        const result = rawResult as Record<string, unknown>;
        const resultId = typeof result.id === 'number' ? String(result.id) : result.id;
        if (typeof resultId !== 'string' || utf8Length(resultId) < 1 || utf8Length(resultId) > 64) throw badRequest('RESULT_ID_INVALID');
        if (ids.has(resultId)) throw badRequest('RESULT_ID_DUPLICATE');
        ids.add(resultId);
        if (typeof result.type !== 'string') throw badRequest('can\'t parse InlineQueryResult: Field "type" must be of type String');
        if (result.type === 'article') {
          if (typeof result.title !== 'string' || result.title === '') throw badRequest('can\'t parse InlineQueryResultArticle: Field "title" must be of type String');
          if (!result.input_message_content) throw badRequest('can\'t parse InlineQueryResultArticle: Field "input_message_content" must be of type Object');
        }
        const content = result.input_message_content as Record<string, unknown> | undefined;
        if (content && 'message_text' in content) {
          const messageText = typeof content.message_text === 'string' ? content.message_text : undefined;
          const parseMode = typeof content.parse_mode === 'string' ? content.parse_mode : undefined;
          const formatted = this.formatText(messageText, parseMode, content.entities);
          messages.push({ id: resultId, ...formatted });
        }
        if (result.reply_markup !== undefined) this.replyMarkup(new ParamReader({ reply_markup: result.reply_markup }));
      }
      const nextOffset = p.str('next_offset');
      if (nextOffset !== undefined && utf8Length(nextOffset) > 64) throw badRequest('next_offset is too long');
      entry.answered = true;
      const answer: InlineAnswer = {
        inline_query_id: id,
        query: clone(entry.query),
        results: results as Array<Record<string, unknown>>,
        messages,
        params: p.raw,
        at: Date.now(),
      };
      const cacheTime = p.int('cache_time');
      if (cacheTime !== undefined) answer.cache_time = cacheTime;
      const isPersonal = p.bool('is_personal');
      if (isPersonal !== undefined) answer.is_personal = isPersonal;
      if (nextOffset !== undefined) answer.next_offset = nextOffset;
      const button = p.json('button');
      if (button !== undefined) answer.button = button;
      this.inlineAnswers.push(answer);
      return true;
    });

    this.on('setMyCommands', (p) => {
      const commands = p.json('commands');
      if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
      if (commands.length > 100) throw badRequest('too many commands specified');
      const checked = commands.map((raw: unknown): BotCommand => {
        const c = raw as Partial<BotCommand> | null;
        if (!c || typeof c.command !== 'string' || typeof c.description !== 'string') {
          throw badRequest('can\'t parse BotCommand: Field "command" must be of type String');
        }
        const command = c.command.startsWith('/') ? c.command.slice(1) : c.command;
        if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
        const description = c.description.trim();
        if ([...description].length < 1 || [...description].length > 256) throw badRequest('command description must be non-empty');
        return { command, description };
      });
      const scope = this.readScope(p);
      const language_code = this.readLanguage(p);
      const key = this.scopeKey(scope, language_code);
      if (checked.length === 0) this.commandSets.delete(key);
      else this.commandSets.set(key, { scope, language_code, commands: checked });
      return true;
    });

    this.on('getMyCommands', (p) => this.commandsFor(this.readScope(p), this.readLanguage(p)));

    this.on('deleteMyCommands', (p) => {
      this.commandSets.delete(this.scopeKey(this.readScope(p), this.readLanguage(p)));
      return true;
    });

    const description = (kind: 'description' | 'short_description', max: number): void => {
      const name = kind === 'description' ? 'MyDescription' : 'MyShortDescription';
      this.on(`set${name}`, (p) => {
        const value = p.str(kind) ?? '';
        if ([...value].length > max) throw badRequest(`${kind} is too long`);
        const lang = this.readLanguage(p);
        if (value === '') this.descriptions[kind].delete(lang);
        else this.descriptions[kind].set(lang, value);
        return true;
      });
      this.on(`get${name}`, (p) => {
        const lang = this.readLanguage(p);
        return { [kind]: this.descriptions[kind].get(lang) ?? this.descriptions[kind].get('') ?? '' };
      });
    };
    description('description', 512);
    description('short_description', 120);
  }
}
