/**
 * Keeping secrets out of logs and error messages. Every token the bot is
 * configured with is registered here once; `redact` replaces it (and anything
 * shaped like a Telegram or Discord token) wherever it appears, including in
 * URLs that telegraf puts into its errors.
 *
 * ```ts
 * registerSecret(process.env.TELEGRAM_BOT_TOKEN);
 * redact('GET https://api.telegram.org/bot123:abc/getMe failed') // → 'GET https://api.telegram.org/bot[redacted]/getMe failed'
 * ```
 */

const secrets = new Set<string>();

/** Shapes of platform tokens, redacted even when not registered. */
const TOKEN_SHAPES = [
  // Telegram bot token, also right after "bot" in a Bot API URL (…/bot123:AA…/getMe).
  /(?<![0-9])\d{5,}:[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g,
  // Discord bot token.
  /(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}(?![A-Za-z0-9_-])/g,
];

export const REDACTED = '[redacted]';

/** Registers a secret (ignored when empty or very short). */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 6) {
    secrets.add(secret);
    // URL-encoded form too (telegraf encodes the token in request URLs).
    secrets.add(encodeURIComponent(secret));
  }
}

/** `text` with every registered secret and token-shaped string replaced. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  for (const re of TOKEN_SHAPES) out = out.replace(re, REDACTED);
  return out;
}

/** Deep copy of a value with every string redacted (for structured log fields). */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) {
    // Too deep to copy field by field: keep it as redacted text.
    try {
      return redact(JSON.stringify(value));
    } catch {
      return '[unserialisable]';
    }
  }
  if (value instanceof Error) {
    const copy: Record<string, unknown> = { type: value.name, message: redact(value.message) };
    if (value.stack) copy.stack = redact(value.stack);
    for (const [k, v] of Object.entries(value)) copy[k] = redactDeep(v, depth + 1);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, depth + 1);
  return out;
}
