/**
 * Snowflakes and interaction tokens shaped like Discord's.
 *
 * Ids must be real 17-19 digit snowflakes: @discordjs/rest derives its rate-limit
 * buckets from `\d{17,19}` in the path, and discord.js reads creation times from them.
 */
import { randomBytes } from 'node:crypto';

export const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;
let lastMs = 0n;

/** A fresh snowflake for the given time (default now); unique within this process. */
export function snowflake(atMs: number = Date.now()): string {
  let ms = BigInt(atMs);
  if (ms < lastMs) ms = lastMs;
  if (ms === lastMs) {
    increment = (increment + 1n) & 0xfffn;
    if (increment === 0n) ms += 1n; // 4096 ids in one ms: borrow the next ms
  } else {
    increment = 0n;
  }
  lastMs = ms;
  return (((ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** The creation time (ms since 1970) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** An interaction token like Discord's: base64url of `interaction:<id>:<random>`. */
export function interactionToken(interactionId: string): string {
  return Buffer.from(`interaction:${interactionId}:${randomBytes(48).toString('base64url')}`).toString('base64url');
}

/** A bot token of the usual three-part shape. */
export function botToken(userId: string): string {
  return `${Buffer.from(userId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}
