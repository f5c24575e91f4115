/**
 * The Telegram adapter's settings, read from the environment with the shared
 * helpers of `src/runtime/config.ts`. A wrong value stops start-up with a
 * message naming the variable (never the token itself).
 *
 * ```ts
 * const config = telegramConfig(process.env);
 * // { token: '123:abc…', apiRoot: undefined, editedMessages: 'answer', startAttempts: 8 }
 * ```
 */
import { ConfigError, httpUrl, matching, oneOf, positiveInt, type Env } from '../../src/runtime/config.ts';

export const EDITED_MESSAGE_CHOICES = ['answer', 'ignore'] as const;
export type EditedMessages = (typeof EDITED_MESSAGE_CHOICES)[number];

export interface TelegramConfig {
  /** TELEGRAM_BOT_TOKEN: the token @BotFather gave (`123456:ABC-…`). Required. */
  token: string;
  /**
   * TELEGRAM_API_ROOT: another Bot API server (self-hosted, or the test fake).
   * Default Telegram's own. A root with a path is given a trailing `/` (telegraf
   * resolves `./bot<token>/method` against it and would drop the last segment).
   */
  apiRoot: string | undefined;
  /** TELEGRAM_EDITED_MESSAGES: `answer` an edited question as a new one (default) or `ignore` edits. */
  editedMessages: EditedMessages;
  /** TELEGRAM_START_ATTEMPTS: tries to reach Telegram at start-up before giving up. Default 8 (about a minute). */
  startAttempts: number;
}

/** Telegram's token shape: the bot's numeric id, a colon, then the secret. */
const TOKEN = /^\d{3,}:[A-Za-z0-9_-]{20,}$/;

export function telegramConfig(env: Env): TelegramConfig {
  const token = matching(env, 'TELEGRAM_BOT_TOKEN', TOKEN, 'the token @BotFather gave you (digits, a colon, then letters)');
  if (!token) throw new ConfigError('TELEGRAM_BOT_TOKEN', 'the token @BotFather gave you');
  return {
    token,
    apiRoot: apiRoot(env),
    editedMessages: oneOf(env, 'TELEGRAM_EDITED_MESSAGES', EDITED_MESSAGE_CHOICES, 'answer'),
    startAttempts: positiveInt(env, 'TELEGRAM_START_ATTEMPTS', 8, 1000),
  };
}

function apiRoot(env: Env): string | undefined {
  const raw = httpUrl(env, 'TELEGRAM_API_ROOT');
  if (raw === undefined) return undefined;
  const url = new URL(raw);
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError('TELEGRAM_API_ROOT', 'a Bot API server address without query, fragment or credentials', raw);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}
