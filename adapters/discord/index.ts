/**
 * The Discord adapter: `npm start` with DISCORD_TOKEN set starts it.
 *
 * It logs in with discord.js 14 using only non-privileged intents (servers,
 * server messages, direct messages — a bot sees the content of messages that
 * mention it without MESSAGE_CONTENT), registers `/ask`, `/sources` and
 * `/help` (in DISCORD_GUILD_ID when set, else globally), and hands every
 * interaction and message to `handlers.ts`. Gateway drops and reconnect
 * requests are resumed by discord.js itself.
 *
 * ```ts
 * const running = await start({ chat, log, env: process.env });
 * // …
 * await running.stop(); // lets in-flight replies finish, then client.destroy()
 * ```
 */
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { RunningAdapter, StartAdapter } from '../types.ts';
import type { Logger } from '../../src/runtime/log.ts';
import { commandDefinitions } from './commands.ts';
import { discordConfig } from './config.ts';
import { discordCode, loginFailure, restFailure } from './errors.ts';
import { createHandlers } from './handlers.ts';

/** What the bot listens to; none of these is privileged. */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/** How long `start` waits for the gateway's READY after logging in. */
const READY_TIMEOUT_MS = 60_000;
/** How long `stop` lets replies in flight finish. */
const DRAIN_MS = 3_000;

export const start: StartAdapter = async (ctx) => {
  const config = discordConfig(ctx.env);
  const log = ctx.log.child({ adapter: 'discord' });
  const client = new Client({
    intents: INTENTS,
    // Without Partials.Channel, discord.js silently drops DMs from channels it has not cached.
    partials: [Partials.Channel],
    rest: config.apiBase ? { api: config.apiBase } : {},
    // Also the client-wide default, should any send path forget it.
    allowedMentions: { parse: [] },
  });

  const handlers = createHandlers({ chat: ctx.chat, log, me: () => client.user });
  const pending = new Set<Promise<void>>();
  let stopping = false;
  const track = (p: Promise<void>) => {
    const settled: Promise<void> = p
      .catch((e) => log.error({ err: e }, 'discord: handler failed'))
      .finally(() => pending.delete(settled));
    pending.add(settled);
  };
  client.on(Events.InteractionCreate, (i) => {
    if (!stopping) track(handlers.interaction(i));
  });
  client.on(Events.MessageCreate, (m) => {
    if (!stopping) track(handlers.message(m));
  });
  watchHealth(client, log, config.token, () => stopping);

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('logged in, but the gateway never said READY')), READY_TIMEOUT_MS);
    timer.unref();
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  ready.catch(() => {}); // Awaited below; never an unhandled rejection.
  try {
    await client.login(config.token);
    await ready;
  } catch (e) {
    log.debug({ err: e }, 'discord: login failed');
    await client.destroy().catch(() => {});
    throw new Error(loginFailure(e, config.apiBase));
  }
  log.info({ user: client.user?.tag, id: client.user?.id, guilds: client.guilds.cache.size }, 'discord: logged in');
  await registerCommands(client, config.guildId, log);

  const running: RunningAdapter = {
    name: 'discord',
    async stop() {
      if (stopping) return;
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...pending]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, DRAIN_MS);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      await client.destroy();
      log.info('discord: disconnected');
    },
  };
  return running;
};

/** Puts the slash commands in place; a failure is logged, and mentions and DMs still work. */
async function registerCommands(client: Client, guildId: string | undefined, log: Logger): Promise<void> {
  const defs = commandDefinitions();
  try {
    if (!client.application) throw new Error('the application is unknown (no READY?)');
    if (guildId) {
      await client.application.commands.set(defs, guildId);
      log.info({ guild: guildId, commands: defs.map((d) => d.name) }, 'discord: slash commands registered in the server DISCORD_GUILD_ID');
    } else {
      await client.application.commands.set(defs);
      log.info({ commands: defs.map((d) => d.name) }, 'discord: slash commands registered globally');
    }
  } catch (e) {
    const code = discordCode(e);
    if (guildId && (code === 50001 || code === 10004)) {
      log.error(
        { guild: guildId, discord: restFailure(e) },
        'discord: cannot register the slash commands in DISCORD_GUILD_ID: the bot is not in that server (invite it with the bot and applications.commands scopes); mentions and DMs still work',
      );
    } else {
      log.error({ discord: restFailure(e) }, 'discord: could not register the slash commands; mentions and DMs still work');
    }
  }
}

/** Logs the connection's ups and downs; keeps discord.js's debug chatter at trace, token-free. */
function watchHealth(client: Client, log: Logger, token: string, stopping: () => boolean): void {
  const parts = token.split('.').filter((p) => p.length >= 4);
  const scrub = (s: string) => parts.reduce((out, p) => out.split(p).join('[redacted]'), s);
  client.on(Events.Error, (e) => log.error({ err: e }, 'discord: client error'));
  client.on(Events.Warn, (w) => log.warn(`discord: ${scrub(w)}`));
  client.on(Events.Debug, (d) => {
    if (log.isLevelEnabled('trace')) log.trace(`discord.js: ${scrub(d)}`);
  });
  client.on(Events.ShardDisconnect, (event, shard) => {
    if (!stopping()) log.warn({ shard, code: event.code }, 'discord: gateway disconnected');
  });
  client.on(Events.ShardReconnecting, (shard) => {
    if (!stopping()) log.info({ shard }, 'discord: gateway connection lost; resuming');
  });
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'discord: gateway session resumed'));
  client.on(Events.ShardError, (e, shard) => log.warn({ shard, err: e }, 'discord: gateway error'));
  client.rest.on('rateLimited', (info) =>
    log.warn({ route: info.route, method: info.method, waitMs: info.timeToReset, global: info.global }, 'discord: rate limited by Discord; waiting'),
  );
}
