/**
 * Everything the bot sends goes through the {@link Outbox}: resilient API
 * calls, replies kept in order per chat, and nothing slow in the path of the
 * update handlers.
 *
 * - A handler never waits for Telegram: it queues a job and returns, so one
 *   slow chat (a 429 wait, a slow network) never holds up the others or the
 *   next `getUpdates`.
 * - Jobs of one chat run one after the other (replies keep their order);
 *   jobs of different chats run side by side, at most `concurrency` API
 *   calls at a time.
 * - 429 Too Many Requests: wait `retry_after` (when it is reasonable) and
 *   send once more. 400 "can't parse entities" (never expected: all text is
 *   escaped) is logged as a bug and the message is resent as plain text.
 *   403 (the user blocked the bot, the bot left the group) is logged and the
 *   bot carries on. Other failures (5xx, a dropped connection) are logged and
 *   not retried: Telegram may have delivered the message already, and an
 *   answer must never arrive twice.
 * - "typing…" is shown when a reply has not gone out `typingAfterMs` after
 *   the question arrived. The engine answers in well under a millisecond, so
 *   this only happens when Telegram is slow or rate-limits us.
 *
 * ```ts
 * const outbox = new Outbox(bot.telegram, log);
 * outbox.forChat(chatId, () => outbox.sendAll(chatId, messages, questionId), { typing: true });
 * await outbox.close(5000); // on stop: let in-flight replies finish
 * ```
 */
import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup, InlineQueryResult, Message } from 'telegraf/types';
import type { Logger } from '../../src/runtime/log.ts';
import type { OutMessage } from './render.ts';

export interface OutboxOptions {
  /** Show "typing…" when a reply is still not sent after this long. Default 1000 ms. */
  typingAfterMs: number;
  /** Longest `retry_after` worth waiting for; beyond it the message is dropped (and logged). Default 60 s. */
  maxRetryAfterSeconds: number;
  /** API calls in flight at once. Default 16. */
  concurrency: number;
  /**
   * A call not answered after this long counts as failed (and is not retried), so a connection
   * that hangs without closing holds up its chat for a while, not for good. Default 30 s.
   */
  callTimeoutMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { typingAfterMs: 1000, maxRetryAfterSeconds: 60, concurrency: 16, callTimeoutMs: 30_000 };

/** What went wrong with an API call, in the terms the retry rules need. */
export interface CallFailure {
  /** HTTP status / Bot API error_code; 0 for a network failure (no answer). */
  status: number;
  description: string;
  retryAfter?: number;
}

export function describeFailure(error: unknown): CallFailure {
  if (error instanceof TelegramError) {
    const retryAfter = error.parameters?.retry_after;
    return { status: error.code, description: error.description, ...(typeof retryAfter === 'number' ? { retryAfter } : {}) };
  }
  const e = error as { name?: string; message?: string; code?: string };
  return { status: 0, description: `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}` };
}

/** A Bot API call that got no answer in time. */
export class CallTimeout extends Error {
  constructor(ms: number) {
    super(`no answer from Telegram after ${ms} ms`);
    this.name = 'CallTimeout';
  }
}

export class Outbox {
  readonly options: OutboxOptions;
  private readonly chains = new Map<number, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly closing = new AbortController();
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly telegram: Telegram,
    private readonly log: Logger,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...DEFAULT_OUTBOX_OPTIONS, ...options };
  }

  /** Jobs not finished yet. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Runs `job` after the earlier jobs of the same chat, without holding up the
   * caller. With `typing`, shows "typing…" in the chat if the job has not
   * finished after `typingAfterMs` (counted from now).
   */
  forChat(chatId: number, job: () => Promise<void>, options: { typing?: boolean } = {}): void {
    const previous = this.chains.get(chatId) ?? Promise.resolve();
    const typing = options.typing ? this.typingUntilDone(chatId) : undefined;
    const run = previous.then(() => this.guard(job)).finally(() => typing?.stop());
    this.chains.set(chatId, run);
    this.track(run);
    void run.finally(() => {
      if (this.chains.get(chatId) === run) this.chains.delete(chatId);
    });
  }

  /** Runs `job` now (not tied to a chat: inline answers, callback answers), without holding up the caller. */
  run(job: () => Promise<void>): void {
    this.track(this.guard(job));
  }

  /** Lets the jobs in flight finish (for at most `timeoutMs`); waits for rate limits are cut short. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing.abort();
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([Promise.allSettled([...this.pending]).then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.log.warn({ unfinished: this.pending.size }, 'stopped with replies still unsent');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Resilient API calls
  // -------------------------------------------------------------------------------------------------------------

  /**
   * Sends messages in order; the first replies to `replyTo`. In a forum
   * supergroup, `thread` keeps them in the question's topic. Returns the first
   * message sent, if any.
   */
  async sendAll(chatId: number, messages: OutMessage[], replyTo?: number, thread?: number): Promise<Message.TextMessage | undefined> {
    let first: Message.TextMessage | undefined;
    for (const [i, m] of messages.entries()) {
      const sent = await this.send(chatId, m, i === 0 ? replyTo : undefined, thread);
      first ??= sent;
    }
    return first;
  }

  /** Sends one message as HTML (plain text if Telegram refuses the HTML), replying to `replyTo` when it still exists. */
  send(chatId: number, message: OutMessage, replyTo?: number, thread?: number): Promise<Message.TextMessage | undefined> {
    return this.call('sendMessage', { chat: chatId }, (plain) =>
      this.telegram.sendMessage(chatId, plain ? message.text : message.html, {
        ...(plain ? {} : { parse_mode: 'HTML' as const }),
        ...(thread ? { message_thread_id: thread } : {}),
        ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
        ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
        link_preview_options: { is_disabled: true },
      }),
    );
  }

  /** Replaces (or with `undefined`, removes) the inline keyboard of a message. */
  async editKeyboard(chatId: number, messageId: number, keyboard: InlineKeyboardMarkup | undefined): Promise<void> {
    await this.call('editMessageReplyMarkup', { chat: chatId }, () =>
      this.telegram.editMessageReplyMarkup(chatId, messageId, undefined, keyboard),
    );
  }

  /** Stops the button's spinner, with a short toast when `text` is given (cut to Telegram's 200 characters). */
  async answerCallback(queryId: string, text?: string): Promise<void> {
    const toast = text && text.length > 200 ? `${text.slice(0, 199)}…` : text;
    await this.call('answerCallbackQuery', {}, () => this.telegram.answerCbQuery(queryId, toast));
  }

  async answerInline(queryId: string, results: InlineQueryResult[], extra: Parameters<Telegram['answerInlineQuery']>[2] = {}): Promise<void> {
    await this.call('answerInlineQuery', {}, () => this.telegram.answerInlineQuery(queryId, results, extra));
  }

  /** Best effort: a failed chat action is not worth a retry or a warning. */
  async typing(chatId: number): Promise<void> {
    try {
      await this.limited(() => this.telegram.sendChatAction(chatId, 'typing'));
    } catch (e) {
      this.log.debug({ chat: chatId, failure: describeFailure(e) }, 'sendChatAction failed');
    }
  }

  /**
   * One API call with the retry rules of the module comment. `attempt(plain)`
   * makes the call; `plain` is true for the plain-text resend. Resolves to
   * undefined when the call finally failed (it has been logged).
   */
  async call<T>(what: string, context: Record<string, unknown>, attempt: (plain: boolean) => Promise<T>): Promise<T | undefined> {
    let plain = false;
    let waited = false;
    for (;;) {
      try {
        return await this.limited(() => attempt(plain));
      } catch (error) {
        const f = describeFailure(error);
        if (f.status === 429 && !waited) {
          const seconds = Math.max(1, f.retryAfter ?? 1);
          if (seconds > this.options.maxRetryAfterSeconds || this.closing.signal.aborted) {
            this.log.warn({ ...context, retryAfter: seconds }, `${what}: rate limited by Telegram; dropped`);
            return undefined;
          }
          waited = true;
          this.log.warn({ ...context, retryAfter: seconds }, `${what}: rate limited by Telegram; sending again in ${seconds} s`);
          if (!(await this.sleep(seconds * 1000))) {
            this.log.warn({ ...context }, `${what}: stopping; not sent`);
            return undefined;
          }
          continue;
        }
        if (f.status === 400 && /can't parse entities/i.test(f.description) && !plain && what === 'sendMessage') {
          this.log.error({ ...context, failure: f }, `${what}: Telegram refused the HTML (a bug in render.ts); sending as plain text`);
          plain = true;
          continue;
        }
        if (f.status === 403) {
          this.log.info({ ...context, failure: f }, `${what}: not allowed (the user blocked the bot, or it is no longer in the chat)`);
          return undefined;
        }
        if (f.status === 400 && /message is not modified|query is too old/i.test(f.description)) {
          this.log.debug({ ...context, failure: f }, `${what}: nothing to do`);
          return undefined;
        }
        this.log.warn({ ...context, failure: f, err: error }, `${what} failed`);
        return undefined;
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async guard(job: () => Promise<void>): Promise<void> {
    try {
      await job();
    } catch (e) {
      this.log.error({ err: e }, 'a reply job failed');
    }
  }

  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallTimeout(this.options.callTimeoutMs)), this.options.callTimeoutMs);
    });
    try {
      return await Promise.race([fn(), timeout]);
    } finally {
      clearTimeout(timer);
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Resolves true after `ms`, or false at once when the outbox is closing. */
  private sleep(ms: number): Promise<boolean> {
    const signal = this.closing.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Shows "typing…" after `typingAfterMs`, then every 4.5 s (it lasts 5 s), until stopped. */
  private typingUntilDone(chatId: number): { stop(): void } {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const tick = (delay: number) => {
      timer = setTimeout(() => {
        if (stopped) return;
        void this.typing(chatId);
        tick(4500);
      }, delay);
      timer.unref();
    };
    tick(this.options.typingAfterMs);
    return {
      stop() {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }
}
