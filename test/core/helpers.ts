/**
 * Shared helpers for the core suite: where things are, the engines over the
 * bundled article and over our own fixture articles (built once per file),
 * and a way to run `bin/sanad.js` exactly as a user would.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { Sanad } from '../../src/engine/sanad.ts';
import type { ArticleDoc, Match } from '../../src/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const BUNDLED_DIR = path.join(ROOT, 'knowledge');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const FIXTURE_KNOWLEDGE = path.join(FIXTURES, 'knowledge');
export const SQUAD_FIXTURE = path.join(FIXTURES, 'squad-mini.ar.json');

export const BUNDLED_FILE = 'hammouchi-qatar-worldcup-2022.ar.md';
export const DESAL_FILE = 'tighaline-desalination.ar.md';
export const VELO_FILE = 'belmont-velos.fr.md';
export const DESAL_TITLE = 'تدشين محطة تحلية مياه البحر بمدينة تيغالين';
export const VELO_TITLE = 'Belmont-sur-Loire inaugure son réseau de vélos en libre-service';

let bundled: Promise<ArticleDoc[]> | undefined;
let fixtures: Promise<ArticleDoc[]> | undefined;

/** The articles of `knowledge/` (the bundled one). */
export function bundledArticles(): Promise<ArticleDoc[]> {
  bundled ??= loadKnowledge(BUNDLED_DIR).then((r) => r.articles);
  return bundled;
}

/** Our own articles in `test/fixtures/knowledge/` (they must load without problems). */
export function fixtureArticles(): Promise<ArticleDoc[]> {
  fixtures ??= loadKnowledge(FIXTURE_KNOWLEDGE).then((r) => {
    if (r.problems.length) throw new Error(`fixture problems: ${JSON.stringify(r.problems)}`);
    return r.articles;
  });
  return fixtures;
}

/** An engine over the bundled article and our fixtures together. */
export async function allEngine(): Promise<Sanad> {
  return Sanad.fromArticles([...(await bundledArticles()), ...(await fixtureArticles())]);
}

/** The highlighted part of a match's short answer ('' when none). */
export function highlighted(m: Match | undefined): string {
  if (!m?.highlight) return '';
  return m.answer.slice(m.highlight.start, m.highlight.end);
}

/** Arabic-aware loose form for "does this text contain that": no tashkeel, hamza seats folded. */
export function loose(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/\s+/g, ' ');
}

/** The environment a user without platform tokens has (no tokens, no colours). */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k === 'TELEGRAM_BOT_TOKEN' || k === 'DISCORD_TOKEN' || k.startsWith('SANAD_') || k === 'LOG_LEVEL') delete env[k];
    // vitest's own variables must not leak into the program under test.
    if (k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'TEST') delete env[k];
  }
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/sanad.js ARGS` from the repository root, writes `input` to
 * its standard input (then closes it, unless `keepOpen`), and resolves when it
 * exits. Killed after `timeoutMs` (a hang is then a failed test, not a stuck run).
 */
export function runSanad(
  args: string[],
  options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/sanad.js'), ...args], {
      cwd: ROOT,
      env: userEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // The program may exit before reading everything.
    if (options.input !== undefined) child.stdin.write(options.input);
    child.stdin.end();
  });
}

/** A running `sanad` driven line by line, as a person at a terminal would. */
export interface Session {
  /** Types a line (Enter included). */
  send(line: string): void;
  /** Closes standard input (Ctrl-D). */
  close(): void;
  /** Resolves when stdout (from `from` on) matches; rejects after `timeoutMs`. Returns the new output. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Everything printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the exit code (null when killed). */
  exited: Promise<number | null>;
  kill(): void;
}

export function startSanad(args: string[], env: Record<string, string> = {}): Session {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/sanad.js'), ...args], {
    cwd: ROOT,
    env: userEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let seen = 0;
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {});
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      for (const w of waiters) w();
      resolve(code);
    }),
  );
  return {
    send: (line) => child.stdin.write(`${line}\n`),
    close: () => child.stdin.end(),
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    kill: () => child.kill('SIGKILL'),
    waitFor(pattern, timeoutMs = 15_000) {
      const test = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
      return new Promise((resolve, reject) => {
        const check = () => {
          const fresh = stdout.slice(seen);
          if (test(fresh)) {
            seen = stdout.length;
            waiters.delete(check);
            clearTimeout(timer);
            resolve(fresh);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`sanad exited before printing ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Two streams that record what is written to them, for calling `main()` in-process. */
export function captureStreams(): { stdout: PassThrough; stderr: PassThrough; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { stdout, stderr, out: () => out, err: () => err };
}
