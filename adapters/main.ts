/**
 * `npm start` (`sanad start`): reads the configuration, loads the knowledge,
 * builds the engine and starts every adapter whose token is set; with no
 * token, the console chat. Watches `knowledge/` and rebuilds the engine when
 * an article is added or changed. SIGINT/SIGTERM stop everything cleanly and
 * exit 0.
 */
import { watch, type FSWatcher } from 'node:fs';
import { KnowledgeError, loadKnowledge } from '../src/knowledge/load.ts';
import { Sanad } from '../src/engine/sanad.ts';
import { ChatService } from '../src/chat/chat.ts';
import { coreConfig, ConfigError, optional, type Env } from '../src/runtime/config.ts';
import { createLogger, type Logger, type LogLevel } from '../src/runtime/log.ts';
import { redact, registerSecret } from '../src/runtime/redact.ts';
import type { AdapterContext, RunningAdapter, StartAdapter } from './types.ts';

/** Platform adapters, started when their token variable is set. */
const PLATFORMS: Array<{ name: string; tokenVar: string; load: () => Promise<{ start: StartAdapter }> }> = [
  { name: 'telegram', tokenVar: 'TELEGRAM_BOT_TOKEN', load: () => import('./telegram/index.ts') },
  { name: 'discord', tokenVar: 'DISCORD_TOKEN', load: () => import('./discord/index.ts') },
];

export interface StartIo {
  env: Env;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** Runs the bot until it is stopped; resolves to the exit code. */
export async function main(_argv: string[] = [], io: StartIo = defaultIo()): Promise<number> {
  const { env } = io;
  for (const p of PLATFORMS) registerSecret(optional(env, p.tokenVar));
  const platforms = PLATFORMS.filter((p) => optional(env, p.tokenVar));

  let config;
  try {
    config = coreConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(`sanad: configuration: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  // The console chat is quiet unless asked otherwise; bots log at info.
  const level: LogLevel = config.logLevel ?? (platforms.length ? 'info' : 'warn');
  const log = createLogger({ level, destination: io.stderr === process.stderr ? 2 : io.stderr });
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection (kept running)'));

  let loaded;
  try {
    loaded = await loadKnowledge(config.knowledgeDir);
  } catch (e) {
    if (!(e instanceof KnowledgeError)) throw e;
    io.stderr.write(`sanad: ${e.message} (set SANAD_KNOWLEDGE_DIR to the folder of the articles)\n`);
    return 1;
  }
  const { articles, problems } = loaded;
  for (const p of problems) log.warn({ file: p.file, reason: p.reason }, `skipped ${p.file}: ${p.reason}`);
  if (articles.length === 0) {
    io.stderr.write(`sanad: no article could be loaded from ${config.knowledgeDir}; add .md, .txt or .html articles there.\n`);
    return 1;
  }
  const chat = new ChatService(Sanad.fromArticles(articles), {
    maxQuestionChars: config.maxQuestionChars,
    rateLimit: { max: config.rateLimit, windowMs: config.rateWindowSeconds * 1000 },
  });
  log.info({ articles: articles.length, passages: chat.engine.size }, 'knowledge loaded');
  const ctx: AdapterContext = { chat, log, env };

  const running: RunningAdapter[] = [];
  // Signals are heard from here on, also while an adapter is still starting
  // (retrying a platform that is down): stop what runs and exit 0.
  let signalled: ((signal: string) => void) | undefined;
  const signal = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (name: string) => () => signalled?.(name);
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  const stopAll = async (why: string) => {
    log.info({ signal: why }, 'stopping');
    await Promise.allSettled(running.map((r) => r.stop()));
  };

  const startAll = async () => {
    if (platforms.length === 0) {
      const consoleAdapter = await import('./console/index.ts');
      running.push(await consoleAdapter.start(ctx, { input: io.stdin, output: io.stdout }));
    }
    for (const p of platforms) {
      const mod = await p.load();
      running.push(await mod.start(ctx));
      log.info({ adapter: p.name }, `${p.name} adapter started`);
    }
  };
  try {
    const early = await Promise.race([startAll().then(() => undefined), signal]);
    if (early !== undefined) {
      await stopAll(early);
      return 0;
    }
  } catch (e) {
    const message = redact(e instanceof Error ? e.message : String(e));
    io.stderr.write(`sanad: ${message}\n`);
    log.debug({ err: e }, 'start-up failed');
    await Promise.allSettled(running.map((r) => r.stop()));
    return 1;
  }

  const watcher = watchKnowledge(config.knowledgeDir, chat, log);
  const consoleDone = running.find((r) => r.done)?.done?.then(() => 'console closed');
  const why = await Promise.race([signal, ...(consoleDone ? [consoleDone] : [])]);
  watcher?.close();
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  await stopAll(why);
  return 0;
}

/**
 * Rebuilds the engine when files in the knowledge folder change (after a
 * short quiet time). A rebuild that loads no article keeps the engine it has:
 * a half-copied or broken file never takes the bot's knowledge away.
 */
export function watchKnowledge(dir: string, chat: ChatService, log: Logger, quietMs = 400): FSWatcher | undefined {
  let timer: NodeJS.Timeout | undefined;
  const reload = async () => {
    try {
      const { articles, problems } = await loadKnowledge(dir);
      for (const p of problems) log.warn({ file: p.file, reason: p.reason }, `skipped ${p.file}: ${p.reason}`);
      if (articles.length === 0) {
        log.warn('knowledge folder has no usable article now; keeping the articles already loaded');
        return;
      }
      chat.setEngine(Sanad.fromArticles(articles));
      log.info({ articles: articles.length, passages: chat.engine.size }, 'knowledge reloaded');
    } catch (e) {
      log.error({ err: e }, 'knowledge reload failed; keeping the articles already loaded');
    }
  };
  try {
    const w = watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), quietMs);
    });
    w.on('error', (e) => log.warn({ err: e }, 'stopped watching the knowledge folder'));
    w.unref();
    return w;
  } catch (e) {
    log.warn({ err: e }, 'cannot watch the knowledge folder; restart the bot to pick up new articles');
    return undefined;
  }
}

function defaultIo(): StartIo {
  return { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}
