/**
 * The Discord adapter's settings, read from the environment with the shared
 * helpers of `src/runtime/config.ts`.
 *
 * ```ts
 * const config = discordConfig(process.env);
 * // { token, guildId?: '123…', apiBase?: 'http://127.0.0.1:8080/api' }
 * ```
 */
import { ConfigError, httpUrl, matching, optional, type Env } from '../../src/runtime/config.ts';

export interface DiscordConfig {
  /** DISCORD_TOKEN: the bot token from the Developer Portal (Bot → Reset Token). */
  token: string;
  /**
   * DISCORD_GUILD_ID: register the slash commands in this one server (they
   * appear at once; for trying the bot out) instead of globally.
   */
  guildId?: string;
  /**
   * DISCORD_API_BASE: another REST root for discord.js (`rest.api`), without
   * the `/v10`; the gateway address then comes from its `GET /gateway/bot`.
   * Default: Discord's own, https://discord.com/api.
   */
  apiBase?: string;
}

export function discordConfig(env: Env): DiscordConfig {
  const token = optional(env, 'DISCORD_TOKEN');
  if (!token) throw new ConfigError('DISCORD_TOKEN', 'the bot token from the Discord Developer Portal');
  if (/^bot\s/i.test(token)) throw new ConfigError('DISCORD_TOKEN', 'the token alone, without "Bot " in front', '(hidden)');
  if (/\s/.test(token)) throw new ConfigError('DISCORD_TOKEN', 'a token without spaces', '(hidden)');
  const guildId = matching(env, 'DISCORD_GUILD_ID', /^\d{17,20}$/, 'a server id (17 to 20 digits; Developer Mode → right-click the server → Copy Server ID)');
  let apiBase = httpUrl(env, 'DISCORD_API_BASE');
  if (apiBase !== undefined) {
    apiBase = apiBase.replace(/\/+$/, '');
    if (/\/v\d+$/.test(apiBase)) {
      throw new ConfigError('DISCORD_API_BASE', 'the REST root without the API version (e.g. https://discord.com/api, not …/api/v10)', apiBase);
    }
  }
  return { token, ...(guildId ? { guildId } : {}), ...(apiBase ? { apiBase } : {}) };
}
