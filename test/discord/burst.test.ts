/**
 * Many users at once, and the commands registered globally (no
 * DISCORD_GUILD_ID): 300 `/ask`s from 50 users against one bot process
 * (`node bin/sanad.js start`) with a limit of 4 questions per user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeUser } from '../fakes/discord/server.ts';
import { t } from '../../src/chat/texts.ts';
import { startBot, type BotProcess } from './helpers.ts';

const QUESTIONS = ['متى سيقام كأس العالم في قطر؟', 'كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟', 'متى زار حموشي ملعب لوسيل؟'];
const LIMIT = 4;

let fake: FakeDiscord;
let bot: BotProcess;

beforeAll(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  bot = await startBot(fake, { SANAD_RATE_LIMIT: String(LIMIT), SANAD_RATE_WINDOW_SECONDS: '600' });
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await fake?.close();
});

describe('global commands', () => {
  it('without DISCORD_GUILD_ID the commands are global, usable in servers and in DMs with the bot', async () => {
    expect(fake.commands.guilds).toEqual({});
    expect(fake.commands.global.map((c) => [c.name, c.contexts])).toEqual([
      ['ask', [0, 1]],
      ['sources', [0, 1]],
      ['help', [0, 1]],
    ]);
    const user = fake.user('dm-user');
    const reply = await fake.waitForReply(fake.userRunsSlashCommand({ user, dm: true, name: 'ask', options: { question: QUESTIONS[0] } }));
    expect(reply.channel_id).toBe(fake.dmChannelId(user));
    expect(reply.embeds[0].description).toContain('**21 نونبر إلى 18 دجنبر**');
    expect(reply.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('a burst', () => {
  it('300 questions from 50 users: every allowed one answered exactly once, the rest get the ephemeral limit notice', async () => {
    const users: FakeUser[] = Array.from({ length: 50 }, (_, i) => fake.user(`burst-${i}`));
    const channels = [fake.channelId('general'), fake.channelId('news')];
    const asked: Array<{ user: FakeUser; round: number; id: string }> = [];
    for (let round = 0; round < 6; round++) {
      users.forEach((user, i) => {
        const id = fake.userRunsSlashCommand({ user, channelId: channels[i % 2], name: 'ask', options: { question: QUESTIONS[(round + i) % 3] } });
        asked.push({ user, round, id });
      });
    }
    expect(asked).toHaveLength(300);
    await fake.waitFor(() => asked.every((a) => fake.interactions.get(a.id)!.acknowledged), 20_000, 'every interaction acknowledged');

    let answers = 0;
    let notices = 0;
    for (const a of asked) {
      // Acknowledged once, within Discord's window, with one message and no follow-up.
      expect(fake.interactionResponses(a.id).map((r) => [r.kind, r.type, r.status])).toEqual([['callback', 4, 204]]);
      const msgs = fake.messages.filter((m) => m.interactionId === a.id);
      expect(msgs).toHaveLength(1);
      const [m] = msgs;
      expect(m.allowed_mentions).toEqual({ parse: [] });
      expect(m.mentions).toEqual([]);
      if (a.round < LIMIT) {
        expect(m.ephemeral).toBe(false);
        expect(m.embeds).toHaveLength(1);
        answers++;
      } else {
        expect(m).toMatchObject({ ephemeral: true, visibleTo: a.user.id, embeds: [] });
        expect(m.content).toBe(t('ar').rateLimited(Number(/\d+/.exec(m.content)![0])));
        notices++;
      }
    }
    expect([answers, notices]).toEqual([200, 100]);
    expect(bot.child.exitCode).toBeNull();
  });
});
