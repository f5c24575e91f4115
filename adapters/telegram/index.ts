/**
 * The Telegram adapter: `npm start` starts it when TELEGRAM_BOT_TOKEN is set.
 *
 * Start-up reaches Telegram with `getMe` (retried with backoff, each try
 * logged; a refused token fails at once), removes any webhook, starts long
 * polling ({@link Poller}) and registers the command menu in Arabic, French
 * and English. `stop()` ends polling cleanly: the hanging poll is aborted, the
 * replies in flight are sent, the last update is confirmed.
 *
 * The token never reaches a log line: it is registered with the redactor,
 * telegraf's `debug` output (DEBUG=telegraf:*) is routed through the logger,
 * and errors are logged through the redacting serializers.
 */
import { createRequire } from 'node:module';
import { format } from 'node:util';
import { Telegraf, type Telegram, type Types } from 'telegraf';
import type { BotCommand, UserFromGetMe } from 'telegraf/types';
import type { AdapterContext, RunningAdapter, StartAdapter } from '../types.ts';
import type { Logger } from '../../src/runtime/log.ts';
import { redact, registerSecret } from '../../src/runtime/redact.ts';
import { t } from '../../src/chat/texts.ts';
import type { Lang } from '../../src/types.ts';
import { telegramConfig, type TelegramConfig } from './config.ts';
import { installHandlers, PressedButtons } from './handlers.ts';
import { DEFAULT_BACKOFF, Poller, retryDelay, type Backoff } from './polling.ts';
import { describeFailure, Outbox, type OutboxOptions } from './send.ts';

export interface TelegramStartOptions {
  /** Waits between start-up tries and after polling failures. */
  backoff?: Backoff;
  /** Typing delay, retry and timeout settings of the outbox (defaults: DEFAULT_OUTBOX_OPTIONS). */
  outbox?: Partial<OutboxOptions>;
}

export const start: StartAdapter = (ctx) => startTelegram(ctx);

export async function startTelegram({ chat, log: parentLog, env }: AdapterContext, options: TelegramStartOptions = {}): Promise<RunningAdapter> {
  const config = telegramConfig(env);
  registerSecret(config.token);
  const log = parentLog.child({ adapter: 'telegram' });
  routeTelegrafDebug(log);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;

  const bot = new Telegraf(config.token, { telegram: config.apiRoot ? { apiRoot: config.apiRoot } : {} });
  const me = await connect(bot.telegram, config, log, backoff);
  bot.botInfo = me;
  const identity = { id: me.id, username: me.username };

  const outbox = new Outbox(bot.telegram, log, options.outbox);
  installHandlers(bot, { chat, outbox, log, config, me: identity, pressed: new PressedButtons() });
  const allowedUpdates: Types.UpdateType[] = ['message', 'inline_query', 'callback_query'];
  if (config.editedMessages === 'answer') allowedUpdates.push('edited_message');
  const poller = new Poller(
    bot.telegram,
    async (updates) => {
      // One at a time, in order: the handlers only queue replies, so this takes milliseconds.
      for (const update of updates) await bot.handleUpdate(update);
    },
    log,
    { allowedUpdates, backoff },
  );
  poller.start();
  log.info({ bot: me.username, editedMessages: config.editedMessages }, `connected as @${me.username}; long polling`);
  const commands = registerCommands(bot.telegram, log);

  let stopping: Promise<void> | undefined;
  return {
    name: 'telegram',
    stop() {
      stopping ??= (async () => {
        await poller.stop();
        await outbox.close(5000);
        await Promise.race([commands, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
        log.info('telegram adapter stopped');
      })();
      return stopping;
    },
  };
}

/**
 * getMe (and deleteWebhook, so that long polling is allowed), tried up to
 * `startAttempts` times with backoff. A refused token (401, 404) fails at once.
 */
async function connect(telegram: Telegram, config: TelegramConfig, log: Logger, backoff: Backoff): Promise<UserFromGetMe & { username: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const me = await telegram.getMe();
      await telegram.deleteWebhook();
      if (attempt > 1) log.info({ attempt }, 'reached Telegram');
      return me as UserFromGetMe & { username: string };
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.status === 401 || failure.status === 404) {
        throw new Error(`Telegram refused TELEGRAM_BOT_TOKEN (${failure.status} ${failure.description}); check the token @BotFather gave you`);
      }
      if (attempt >= config.startAttempts) {
        throw new Error(`could not reach Telegram after ${attempt} tries: ${redact(failure.description)}`);
      }
      const wait = retryDelay(attempt, backoff, failure);
      log.warn({ attempt, of: config.startAttempts, failure, retryInMs: wait }, `could not reach Telegram (try ${attempt} of ${config.startAttempts}); trying again in ${wait} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The command menu, in Arabic (also the default for other languages), French and English. */
async function registerCommands(telegram: Telegram, log: Logger): Promise<void> {
  const menu = (lang: Lang, scope: 'private' | 'group'): BotCommand[] => {
    const c = t(lang).commands;
    const all: BotCommand[] = [
      { command: 'ask', description: c.ask },
      { command: 'help', description: c.help },
      { command: 'sources', description: c.sources },
    ];
    return scope === 'private' ? [{ command: 'start', description: c.start }, ...all] : all;
  };
  const languages: Array<{ code?: string; lang: Lang }> = [{ lang: 'ar' }, { code: 'ar', lang: 'ar' }, { code: 'fr', lang: 'fr' }, { code: 'en', lang: 'en' }];
  for (const scope of ['private', 'group'] as const) {
    for (const { code, lang } of languages) {
      try {
        await telegram.setMyCommands(menu(lang, scope), {
          scope: { type: scope === 'private' ? 'all_private_chats' : 'all_group_chats' },
          ...(code ? { language_code: code } : {}),
        });
      } catch (e) {
        log.warn({ failure: describeFailure(e), scope, language: code ?? 'default' }, 'setMyCommands failed; the command menu may be out of date');
        return;
      }
    }
  }
  log.debug('command menu registered');
}

let debugRouted = false;

/**
 * telegraf writes diagnostics with the `debug` package (shown with
 * DEBUG=telegraf:*), and they can hold error stacks with request URLs, which
 * hold the token. Send them through the logger (redacted) instead of stderr.
 */
function routeTelegrafDebug(log: Logger): void {
  if (debugRouted) return;
  debugRouted = true;
  try {
    const requireFromTelegraf = createRequire(createRequire(import.meta.url).resolve('telegraf'));
    const debug = requireFromTelegraf('debug') as { log: (...args: unknown[]) => void };
    debug.log = (...args: unknown[]) => log.debug({ source: 'telegraf' }, redact(format(...args)));
  } catch (e) {
    log.debug({ err: e }, 'could not route telegraf debug output');
  }
}
