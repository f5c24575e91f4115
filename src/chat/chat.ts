/**
 * The conversation layer both adapters (and the console) share: it takes a
 * chat message, applies the question rules and the rate limit, asks the
 * engine with the chat's current article as a hint, and returns a
 * platform-neutral {@link Reply}.
 *
 * ```ts
 * const chat = new ChatService(sanad, { rateLimit: { max: 10, windowMs: 60_000 } });
 * const reply = chat.ask({ user: 'telegram:42', chat: 'telegram:42', text: 'متى يبدأ المونديال؟', locale: 'ar' });
 * if (reply.type === 'answer') render(reply.match);
 * ```
 *
 * It is synchronous and keeps only small bounded maps (rate windows, each
 * chat's last article, recent questions for "other matches" buttons).
 */
import type { Lang } from '../types.ts';
import type { ArticleInfo, Sanad } from '../engine/sanad.ts';
import { detectLanguage } from '../analysis/language.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { readQuestion, DEFAULT_MAX_QUESTION_CHARS, type ReadOptions } from './question.ts';
import { langFromLocale, t } from './texts.ts';
import { cutAtSentence } from './format.ts';
import type { HelpReply, NoticeReply, Reply, SourcesReply } from './reply.ts';

export interface ChatOptions {
  /** Longest question accepted, in characters. Default 500. */
  maxQuestionChars: number;
  /** Questions per user per window. Default 10 a minute. */
  rateLimit: Omit<RateLimitOptions, 'now'>;
  /** Clock, for tests. */
  now?: () => number;
  /** How many chats' current article and recent questions are remembered. Default 10,000. */
  memory: number;
}

export const DEFAULT_CHAT_OPTIONS: ChatOptions = {
  maxQuestionChars: DEFAULT_MAX_QUESTION_CHARS,
  rateLimit: { max: 10, windowMs: 60_000 },
  memory: 10_000,
};

export interface ChatMessage {
  /** Who asks, unique across platforms (e.g. `telegram:42`). Rate limits apply per user. */
  user: string;
  /** Where the conversation is (e.g. `discord:channel:1`). The article hint is kept per chat. */
  chat: string;
  /** The message text as the platform gave it. */
  text: string | undefined | null;
  /** The platform's idea of the user's language (`fr-FR`, `en`), used when the text does not tell. */
  locale?: string;
  /** How the platform marks mentions and commands, to strip from the text. */
  read?: Omit<ReadOptions, 'maxChars'>;
}

/** A bounded map that forgets the least recently used entries. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(k: K): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: K, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
}

export class ChatService {
  readonly options: ChatOptions;
  private readonly limiter: RateLimiter;
  private readonly hints: Lru<string, string>;
  private readonly recent: Lru<string, { question: string; chat: string; exclude: number }>;
  private counter = 0;

  constructor(
    private current: Sanad,
    options: Partial<ChatOptions> = {},
  ) {
    this.options = { ...DEFAULT_CHAT_OPTIONS, ...options };
    this.limiter = new RateLimiter({ ...this.options.rateLimit, now: this.options.now });
    this.hints = new Lru(this.options.memory);
    this.recent = new Lru(this.options.memory);
  }

  /** The engine answering now. */
  get engine(): Sanad {
    return this.current;
  }

  /**
   * Swaps in a new engine (the knowledge folder changed). Questions already
   * answered keep their replies; "whole passage" buttons of older answers may expire.
   */
  setEngine(engine: Sanad): void {
    this.current = engine;
  }

  /** Answers a chat message (see the module comment). */
  ask(message: ChatMessage): Reply {
    const localeLang = langFromLocale(message.locale);
    const read = readQuestion(message.text, { ...message.read, maxChars: this.options.maxQuestionChars });
    if (!read.ok) {
      if (read.reason === 'too_long') {
        const lang = detectLanguage(message.text ?? '', localeLang);
        return this.notice(lang, 'too_long', t(lang).tooLong(read.max));
      }
      return this.help(localeLang);
    }
    const lang = detectLanguage(read.question, localeLang);
    const verdict = this.limiter.check(message.user);
    if (verdict === 'silent') return { type: 'silent' };
    if (verdict === 'notify') {
      return this.notice(lang, 'rate_limited', t(lang).rateLimited(this.limiter.retryAfterSeconds(message.user)));
    }
    const answer = this.engine.ask(read.question, { article: this.hints.get(message.chat) });
    if (answer.kind === 'help') return this.help(lang);
    if (!answer.found || !answer.best) return { type: 'decline', lang, ...decline(this.engine, lang) };
    this.hints.set(message.chat, answer.best.source.id);
    let othersKey: string | undefined;
    if (answer.others.length > 0) {
      othersKey = (++this.counter).toString(36);
      this.recent.set(othersKey, { question: read.question, chat: message.chat, exclude: answer.best.passageId });
    }
    return { type: 'answer', lang, question: read.question, match: answer.best, ...(othersKey ? { othersKey } : {}) };
  }

  /** The "other matches" button: the next best passages for a recent question. */
  otherMatches(key: string, lang: Lang): Reply {
    const q = this.recent.get(key);
    if (!q) return this.notice(lang, 'expired', t(lang).expired);
    const answer = this.engine.ask(q.question, { article: this.hints.get(q.chat) });
    const matches = [answer.best, ...answer.others].filter((m) => m && m.passageId !== q.exclude);
    if (matches.length === 0) return { type: 'decline', lang, text: t(lang).noOtherMatches };
    return { type: 'matches', lang, matches: matches.slice(0, 2) as NonNullable<(typeof matches)[number]>[] };
  }

  /** The "whole passage" button. */
  wholePassage(passageId: number, lang: Lang): Reply {
    const p = this.engine.passage(passageId);
    if (!p) return this.notice(lang, 'expired', t(lang).expired);
    return { type: 'passage', lang, text: p.text, source: p.source };
  }

  /** /start and /help: the welcome or help text with example questions. */
  help(lang: Lang, welcome = false): HelpReply {
    const tx = t(lang);
    const examples = this.engine.articles.flatMap((a) => a.examples.slice(0, 3)).slice(0, 3);
    return { type: 'help', lang, text: welcome ? `${tx.welcome}\n\n${tx.help}` : tx.help, examples };
  }

  /** /sources: the articles with their dates and links. */
  sources(lang: Lang): SourcesReply {
    return {
      type: 'sources',
      lang,
      title: this.engine.articles.length ? t(lang).sourcesTitle : t(lang).noSources,
      articles: this.engine.articles.map(({ id, title, file, url, date, passages }) => ({
        id,
        title,
        file,
        passages,
        ...(url ? { url } : {}),
        ...(date ? { date } : {}),
      })),
    };
  }

  /** A notice for things the adapter detects itself (a sticker, an error). */
  notice(lang: Lang, reason: NoticeReply['reason'], text?: string): NoticeReply {
    const tx = t(lang);
    const fallback = { not_text: tx.textOnly, error: tx.sorry, expired: tx.expired, empty: tx.help } as Record<string, string>;
    return { type: 'notice', lang, reason, text: text ?? fallback[reason] ?? tx.sorry };
  }

}

/** Longest decline text: it is shown where a short answer would be. */
export const DECLINE_MAX_CHARS = 300;

/**
 * The polite "the articles do not cover this" in `lang`, naming what they do
 * cover: as many headlines as fit in {@link DECLINE_MAX_CHARS}, long ones cut.
 */
export function declineText(engine: Pick<Sanad, 'articles'>, lang: Lang): string {
  return decline(engine, lang).text;
}

/**
 * {@link declineText} with the headlines it names. When no article is written
 * in the question's language (a French question, Arabic articles), it also
 * says which languages they are written in: the engine matches words, so the
 * question is better asked in theirs.
 */
export function decline(engine: Pick<Sanad, 'articles'>, lang: Lang): { text: string; topics: string[] } {
  const written = articleLanguages(engine.articles);
  const writtenIn = written.length > 0 && !written.includes(lang) ? written : undefined;
  const topics: string[] = [];
  for (const a of engine.articles) {
    const title = cutAtSentence(a.title, 90);
    if (t(lang).notCovered([...topics, title], writtenIn).length > DECLINE_MAX_CHARS) break;
    topics.push(title);
  }
  return { text: t(lang).notCovered(topics, writtenIn), topics };
}

/**
 * The languages the articles are written in, in the order first met: an
 * article's `lang` (`ar-MA` is `ar`), else its headline's language. Languages
 * the bot does not speak count for nothing.
 */
export function articleLanguages(articles: readonly Pick<ArticleInfo, 'lang' | 'title'>[]): Lang[] {
  const out: Lang[] = [];
  for (const a of articles) {
    const tag = a.lang?.split(/[-_]/)[0].toLowerCase();
    const lang = tag === undefined ? detectLanguage(a.title, 'ar') : tag;
    if ((lang === 'ar' || lang === 'fr' || lang === 'en') && !out.includes(lang)) out.push(lang);
  }
  return out;
}
