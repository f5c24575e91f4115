/**
 * Starting the bot as `npm start` does (`node bin/sanad.js start` in the
 * project folder, configured by environment variables only), against a
 * FakeTelegram, and reading what it logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeTelegram } from '../fakes/telegram/server.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines so far (non-JSON lines are skipped). */
  logLines(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  /** Waits until a log line matches. */
  waitForLog(test: (line: Record<string, unknown>) => boolean, timeoutMs?: number, what?: string): Promise<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | string>;
}

/** Spawns `node bin/sanad.js start` with only the given variables (and PATH, HOME), no Discord token. */
export function spawnBot(fake: FakeTelegram, extraEnv: Record<string, string> = {}): BotProcess {
  const env: Record<string, string> = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    LOG_LEVEL: 'debug',
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['bin/sanad.js', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  // 'close' rather than 'exit': it comes once stdout and stderr are drained too.
  const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const logLines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  return {
    child,
    output: () => out,
    logLines,
    exited,
    waitForLog(test, timeoutMs = 5000, what = 'a log line') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = logLines().find(test);
          if (line) {
            cleanup();
            resolve(line);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what}; output:\n${out.slice(-4000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check)) {
            cleanup();
            reject(new Error(`the bot exited while waiting for ${what}; output:\n${out.slice(-4000)}`));
          }
        });
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * A knowledge folder for the tests: the bundled article, plus one with a very
 * long paragraph and a very long title full of `<`, `>` and `&`, a URL and a date.
 */
export function makeKnowledge(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sanad-telegram-'));
  for (const f of readdirSync(path.join(ROOT, 'knowledge'))) {
    if (f.endsWith('.md')) copyFileSync(path.join(ROOT, 'knowledge', f), path.join(dir, f));
  }
  const words = 'محطة نور للطاقة الشمسية في ورزازات تنتج الكهرباء النظيفة لآلاف البيوت <وتقلل> انبعاثات & الكربون'.split(' ');
  const long = Array.from({ length: 2500 }, (_, i) => words[(i * 7) % words.length]).join(' ');
  const title = `${'محطة نور <b>&amp; & الطاقة الشمسية "الكبرى" في ورزازات '.repeat(60)}`.trim();
  writeFileSync(
    path.join(dir, 'noor-ouarzazate.ar.md'),
    [
      '---',
      `title: ${JSON.stringify(title)}`,
      'url: "https://example.com/noor?a=1&b=<2>"',
      'date: 2016-02-04',
      'examples:',
      '  - متى افتتحت محطة نور؟',
      '---',
      '',
      long,
      '',
      'افتتحت محطة نور في ورزازات يوم 4 فبراير 2016، وهي من أكبر محطات الطاقة الشمسية المركزة في العالم.',
      '',
    ].join('\n'),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fails with the fake's account of what happened when `value` is falsy. */
export function explain(fake: FakeTelegram, bot?: BotProcess): string {
  return `${fake.summary()}\n--- bot output (last lines) ---\n${bot?.output().split('\n').slice(-30).join('\n') ?? ''}`;
}

/** Checks the token (and its secret half) appear nowhere in `text`. */
export function tokenAbsent(text: string, token: string): boolean {
  const secret = token.split(':')[1];
  return !text.includes(token) && !text.includes(secret) && !text.includes(encodeURIComponent(token));
}

/** Checks `test` now and every 20 ms, for conditions FakeTelegram cannot see change (log lines, several sources). */
export async function until(test: () => boolean, timeoutMs: number, what: string, explainFailure: () => string = () => ''): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${explainFailure()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
