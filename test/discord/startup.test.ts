/**
 * Starting and stopping as `npm start` does: a wrong token, a wrong setting,
 * an unreachable API, a server the bot is not in, SIGINT.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/server.ts';
import { replyTo, spawnBot, type BotProcess } from './helpers.ts';

let fake: FakeDiscord | undefined;
let bot: BotProcess | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await fake?.close();
  bot = fake = undefined;
});

/** Lines of standard error that are not JSON log records: what a person reads. */
const plainLines = (b: BotProcess) => b.stderr().split('\n').filter((l) => l && !l.startsWith('{'));

describe('start-up failures', () => {
  it('a wrong token: one line that says so, no stack trace, exit code 1, the token not shown', async () => {
    fake = await FakeDiscord.start();
    const wrong = fake.token.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x'));
    for (const level of ['info', 'debug']) {
      bot = spawnBot({ DISCORD_TOKEN: wrong, DISCORD_API_BASE: fake.apiBase, LOG_LEVEL: level });
      expect(await bot.exited).toBe(1);
      expect(plainLines(bot)).toEqual([
        'sanad: discord: DISCORD_TOKEN was refused: Discord says the token is invalid. Copy the bot token again from the Developer Portal (your application → Bot → Reset Token).',
      ]);
      const all = bot.stdout() + bot.stderr();
      expect(all).not.toContain(wrong);
      expect(all).not.toMatch(/^\s+at /m);
      if (level === 'info') expect(all).not.toContain('"stack"');
    }
    expect(fake.gatewayConnections).toEqual([]);
  });

  it('a malformed setting stops start-up with the variable named', async () => {
    bot = spawnBot({ DISCORD_TOKEN: 'abc.def.ghi', DISCORD_GUILD_ID: 'my-server', LOG_LEVEL: 'debug' });
    expect(await bot.exited).toBe(1);
    expect(plainLines(bot)).toEqual([expect.stringMatching(/^sanad: DISCORD_GUILD_ID: expected a server id/)]);
  });

  it('an API that cannot be reached: one line naming it, exit code 1', async () => {
    bot = spawnBot({ DISCORD_TOKEN: 'abc.def.ghi', DISCORD_API_BASE: 'http://127.0.0.1:9/api', LOG_LEVEL: 'info' });
    expect(await bot.exited).toBe(1);
    expect(plainLines(bot)).toEqual([expect.stringMatching(/^sanad: discord: could not log in through http:\/\/127\.0\.0\.1:9\/api: /)]);
  });
});

describe('degraded but serving', () => {
  it('DISCORD_GUILD_ID of a server the bot is not in: logged clearly, mentions still answered; SIGINT exits 0', async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
    bot = spawnBot({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DISCORD_GUILD_ID: '123456789012345678', LOG_LEVEL: 'info' });
    const b = bot;
    await fake.waitFor(() => b.logs().some((l) => l.msg === 'discord adapter started'), 15_000, 'the adapter started');
    const error = b.logs().find((l) => l.level === 50);
    expect(error?.msg).toMatch(/cannot register the slash commands in DISCORD_GUILD_ID: the bot is not in that server/);
    expect(error?.discord).toMatchObject({ status: 403, code: 50001 });
    const reply = await replyTo(fake, fake.userSendsMessage({ user: fake.user('amina'), content: 'متى زار حموشي ملعب لوسيل؟', mentionsBot: true }));
    expect(reply.embeds).toHaveLength(1);
    expect(await b.stop('SIGINT')).toBe(0);
    expect(b.stdout() + b.stderr()).not.toContain(fake.token);
  });
});
