/**
 * Discord failures in words: why login failed (one line for `sanad: …`), and
 * a compact, token-free description of a REST error for the logs.
 *
 * ```ts
 * loginFailure(e) // → 'discord: DISCORD_TOKEN was refused: Discord says the token is invalid. …'
 * restFailure(e)  // → { status: 500, code: undefined, method: 'POST', route: '/interactions/:id/[token]/callback', message: '…' }
 * ```
 */
import { DiscordAPIError, HTTPError } from 'discord.js';

/** Codes after which telling the user is pointless: the interaction is gone or already answered. */
export const INTERACTION_GONE = new Set([10062, 40060, 10015]);

/** One line saying why the bot could not log in, and what to do. */
export function loginFailure(e: unknown, apiBase: string | undefined): string {
  const code = (e as { code?: unknown })?.code;
  const message = oneLine(e instanceof Error ? e.message : String(e));
  if (code === 'TokenInvalid' || (e instanceof DiscordAPIError && e.status === 401) || /invalid token/i.test(message)) {
    return 'discord: DISCORD_TOKEN was refused: Discord says the token is invalid. Copy the bot token again from the Developer Portal (your application → Bot → Reset Token).';
  }
  if (/disallowed intents/i.test(message)) {
    return (
      'discord: Discord refused the gateway intents the bot asked for ("Used disallowed intents"). ' +
      'Sanad only needs Guilds, Guild Messages and Direct Messages, none of them privileged; check that this is the right application and token.'
    );
  }
  if (/invalid intents/i.test(message)) return `discord: Discord refused the gateway intents ("${message}").`;
  const where = apiBase ?? 'https://discord.com/api';
  return `discord: could not log in through ${where}: ${message}`;
}

/** Whether `e` is Discord refusing or failing a REST call (as opposed to a bug of ours). */
export function isRestError(e: unknown): boolean {
  return e instanceof DiscordAPIError || e instanceof HTTPError || (e as { name?: string })?.name === 'SocketError' || (e as Error)?.name === 'AbortError';
}

/** The Discord error code of a failed call (10062, 50013, …), when there is one. */
export function discordCode(e: unknown): number | undefined {
  return e instanceof DiscordAPIError && typeof e.code === 'number' ? e.code : undefined;
}

/** A log-friendly view of a failed REST call; interaction and webhook tokens are left out of the URL. */
export function restFailure(e: unknown): Record<string, unknown> {
  const err = e as { name?: string; message?: string; status?: number; code?: unknown; method?: string; url?: string };
  return {
    type: err?.name ?? typeof e,
    ...(err?.status !== undefined ? { status: err.status } : {}),
    ...(err?.code !== undefined ? { code: err.code } : {}),
    ...(err?.method ? { method: err.method.toUpperCase() } : {}),
    ...(err?.url ? { route: routeOf(err.url) } : {}),
    message: oneLine(err?.message ?? String(e)),
  };
}

/** The path of a Discord URL with interaction and webhook tokens hidden. */
export function routeOf(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    /* already a path */
  }
  return path
    .replace(/\/interactions\/(\d+)\/[^/]+/, '/interactions/$1/[token]')
    .replace(/\/webhooks\/(\d+)\/[^/]+/, '/webhooks/$1/[token]');
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
