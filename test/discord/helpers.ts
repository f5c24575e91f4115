/**
 * Running Sanad's Discord adapter the way `npm start` does — `node
 * bin/sanad.js start` as a child process — against a {@link FakeDiscord}, and
 * playing its users.
 *
 * ```ts
 * const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
 * const bot = await startBot(fake, { DISCORD_GUILD_ID: fake.guildId });
 * const id = fake.userRunsSlashCommand({ user: fake.user('amina'), name: 'ask', options: { question: '…' } });
 * const reply = await fake.waitForReply(id);
 * expect(await bot.stop()).toBe(0);
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeDiscord, FakeMessage } from '../fakes/discord/server.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BotProcess {
  child: ChildProcess;
  /** Everything written so far to standard output and standard error. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Parsed JSON log lines on standard error. */
  logs(): Array<Record<string, any>>;
  /** Sends `signal` and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `node bin/sanad.js start` with exactly `env` (plus PATH and HOME). */
export function spawnBot(env: Record<string, string | undefined>): BotProcess {
  const fullEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) fullEnv[k] = v;
  const child = spawn(process.execPath, ['bin/sanad.js', 'start'], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Keep reading until the streams end, so nothing the process wrote is lost.
  const drained = Promise.all([new Promise((r) => child.stdout!.once('end', r)), new Promise((r) => child.stderr!.once('end', r))]);
  const done = exited.then(async (code) => {
    await drained;
    return code;
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: done,
    logs: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return {};
          }
        }),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return done;
    },
  };
}

/** The environment `npm start` would get for the fake (no TELEGRAM_BOT_TOKEN). */
export function botEnv(fake: FakeDiscord, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, LOG_LEVEL: 'debug', ...extra };
}

/**
 * Starts the bot and waits until it is logged in and its commands are
 * registered (in `DISCORD_GUILD_ID` when given, else globally).
 */
export async function startBot(fake: FakeDiscord, extra: Record<string, string | undefined> = {}, timeoutMs = 15_000): Promise<BotProcess> {
  const bot = spawnBot(botEnv(fake, extra));
  const guild = extra.DISCORD_GUILD_ID;
  let exitCode: number | null | undefined;
  void bot.exited.then((c) => (exitCode = c));
  try {
    await fake.waitFor(
      () => {
        if (exitCode !== undefined) throw new Error(`the bot exited with ${exitCode}:\n${bot.stderr()}`);
        const cmds = guild ? fake.commands.guilds[guild] : fake.commands.global;
        return fake.botConnected && (cmds?.length ?? 0) >= 3;
      },
      timeoutMs,
      'the bot logged in with its commands registered',
    );
  } catch (e) {
    await bot.stop('SIGKILL');
    throw new Error(`${(e as Error).message}\n--- bot stderr ---\n${bot.stderr().slice(-4000)}`);
  }
  return bot;
}

/**
 * A knowledge folder for a test: the bundled article(s) plus `extra` files
 * (name → content). Removed by the returned cleanup function.
 */
export function knowledgeDir(extra: Record<string, string> = {}): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sanad-discord-knowledge-'));
  cpSync(path.join(ROOT, 'knowledge'), dir, { recursive: true });
  for (const [name, content] of Object.entries(extra)) writeFileSync(path.join(dir, name), content);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The bot's reply to a user's message (by message_reference). */
export function replyTo(fake: FakeDiscord, messageId: string, timeoutMs = 5000): Promise<FakeMessage> {
  return fake.waitForMessage((m) => m.message_reference?.message_id === messageId, timeoutMs);
}

/** Every bot message that answers the user message `messageId`. */
export function repliesTo(fake: FakeDiscord, messageId: string): FakeMessage[] {
  return fake.messages.filter((m) => m.message_reference?.message_id === messageId);
}

/** All the text of a message: content, embed titles, descriptions and fields. */
export function textOf(m: FakeMessage): string {
  const parts = [m.content];
  for (const e of m.embeds) parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]));
  return parts.join('\n');
}

/** Button custom ids of a message. */
export function buttonsOf(m: FakeMessage): Array<{ custom_id: string; label: string }> {
  return (m.components ?? []).flatMap((r: any) => r.components ?? []);
}
