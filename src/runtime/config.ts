/**
 * Configuration from the environment (and `.env`, when present), read once
 * and validated: a wrong value stops start-up with a message that names the
 * variable and says what is expected.
 *
 * ```ts
 * const env = readEnv(process.env);
 * const core = coreConfig(env); // { knowledgeDir, logLevel, ... }
 * ```
 *
 * Each adapter declares its own variables with the same helpers
 * (`adapters/telegram/config.ts`, `adapters/discord/config.ts`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LOG_LEVELS, type LogLevel } from './log.ts';

/** A configuration value is wrong: the message says which and what is expected. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got?: string,
  ) {
    super(`${variable}: expected ${expected}${got === undefined ? '' : `, got "${got.length > 40 ? `${got.slice(0, 40)}…` : got}"`}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Loads `.env` from `dir` into `process.env` (variables already set win), once.
 * Returns whether a file was read.
 */
export function loadDotEnv(dir = process.cwd()): boolean {
  const file = path.join(dir, '.env');
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

/** A trimmed, non-empty string, or undefined. */
export function optional(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const v = optional(env, name);
  if (v === undefined) return fallback;
  const lower = v.toLowerCase() as T;
  if (!allowed.includes(lower)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, v);
  return lower;
}

export function positiveInt(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = optional(env, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
    throw new ConfigError(name, `a whole number from 1 to ${max}`, v);
  }
  return Number(v);
}

export function httpUrl(env: Env, name: string): string | undefined {
  const v = optional(env, name);
  if (v === undefined) return undefined;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return v;
  } catch {
    throw new ConfigError(name, 'an http:// or https:// URL', v);
  }
}

export function matching(env: Env, name: string, re: RegExp, expected: string): string | undefined {
  const v = optional(env, name);
  if (v === undefined) return undefined;
  if (!re.test(v)) throw new ConfigError(name, expected, name.includes('TOKEN') ? '(hidden)' : v);
  return v;
}

export interface CoreConfig {
  /** SANAD_KNOWLEDGE_DIR: the articles. Default `knowledge/` of the project. */
  knowledgeDir: string;
  /** LOG_LEVEL: default `info`, `warn` in the console chat. */
  logLevel: LogLevel | undefined;
  /** SANAD_MAX_QUESTION_CHARS: default 500. */
  maxQuestionChars: number;
  /** SANAD_RATE_LIMIT: questions per user per window. Default 10. */
  rateLimit: number;
  /** SANAD_RATE_WINDOW_SECONDS: default 60. */
  rateWindowSeconds: number;
}

/** The project folder (where package.json and knowledge/ are). */
export const PROJECT_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export function coreConfig(env: Env): CoreConfig {
  const level = optional(env, 'LOG_LEVEL');
  return {
    knowledgeDir: path.resolve(optional(env, 'SANAD_KNOWLEDGE_DIR') ?? path.join(PROJECT_DIR, 'knowledge')),
    logLevel: level === undefined ? undefined : oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    maxQuestionChars: positiveInt(env, 'SANAD_MAX_QUESTION_CHARS', 500, 4000),
    rateLimit: positiveInt(env, 'SANAD_RATE_LIMIT', 10, 10_000),
    rateWindowSeconds: positiveInt(env, 'SANAD_RATE_WINDOW_SECONDS', 60, 86_400),
  };
}
