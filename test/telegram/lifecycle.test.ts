// Starting and stopping the Telegram adapter as `npm start` does: getMe retries at start-up, a clean SIGTERM,
// nothing lost or answered twice across a restart, a refused token, and the token never in the output.
import { afterEach, describe, expect, it } from 'vitest';

import { FakeTelegram } from '../fakes/telegram/server.ts';
import { explain, spawnBot, tokenAbsent, type BotProcess } from './helpers.ts';

const QUESTION = 'كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟';
const LATER = 'متى سيقام كأس العالم في قطر؟';

let fake: FakeTelegram | undefined;
const bots: BotProcess[] = [];

afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => b.stop()));
  await fake?.close();
  fake = undefined;
});

describe('npm start with TELEGRAM_BOT_TOKEN', () => {
  it('starts on the third try when getMe fails twice; SIGTERM stops polling and exits 0; a restart loses and repeats nothing', async () => {
    const tg = (fake = await FakeTelegram.start());
    tg.failNext('getMe', { status: 500 }).dropNext('getMe');
    const first = spawnBot(tg);
    bots.push(first);
    await tg.waitForPolling(15_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${first.output()}`);
    });
    expect(tg.callsTo('getMe').map((r) => r.status)).toEqual([500, 0, 200]);
    await first.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('connected as @'));
    const tries = first.logLines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('could not reach Telegram'));
    expect(tries.map((l) => [l.attempt, l.level])).toEqual([
      [1, 40],
      [2, 40],
    ]);
    expect(tries[0].msg).toMatch(/\(try 1 of 8\); trying again in \d+ ms/);

    const q1 = tg.userSendsMessage({ text: QUESTION });
    const [answer] = await tg.waitForMessages(1001, 1);
    expect(answer.text).toContain('6000');

    expect(await first.stop()).toBe(0);
    expect(tg.isPolling).toBe(false);
    // The last handled update is confirmed on the way out, as telegraf does.
    // (The aborted long poll may be recorded after it, or as a 409 when the confirmation reaches the fake first.)
    // The aborted long poll may be recorded after it, or not at all, so look for the confirmation itself.
    const confirms = tg.callsTo('getUpdates').filter((r) => (r.params as { limit?: number }).limit === 1);
    expect(confirms.map((r) => r.params)).toEqual([{ offset: q1.update_id + 1, limit: 1, timeout: 0 }]);
    expect(tg.pendingUpdates).toEqual([]);
    expect(first.logLines().some((l) => l.msg === 'telegram adapter stopped')).toBe(true);

    // A question while the bot is down is answered by the next run; the earlier one is not answered again.
    const q2 = tg.userSendsMessage({ text: LATER });
    const second = spawnBot(tg, { DEBUG: 'telegraf:*' });
    bots.push(second);
    const [, later] = await tg.waitForMessages(1001, 2, 15_000);
    expect(later.reply_to_message_id).toBe(q2.message?.message_id);
    expect(later.text).toContain('21 نونبر');
    expect(await second.stop()).toBe(0);
    expect(tg.messagesIn(1001)).toHaveLength(2);
    expect(tg.deliveryCount(q1)).toBe(1);
    expect(tg.deliveryCount(q2)).toBe(1);

    // telegraf's own debug output went through the (redacting) logger.
    expect(second.logLines().some((l) => l.source === 'telegraf')).toBe(true);
    for (const b of [first, second]) expect(tokenAbsent(b.output(), tg.token), explain(tg, b)).toBe(true);
  }, 30_000);

  it('SIGTERM while start-up is still retrying an unreachable Telegram: exits 0 without waiting for the retries', async () => {
    const tg = (fake = await FakeTelegram.start());
    tg.failNext('getMe', { status: 502, times: 50 });
    const bot = spawnBot(tg);
    bots.push(bot);
    await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('could not reach Telegram'));
    expect(await bot.stop()).toBe(0);
    expect(tg.isPolling).toBe(false);
    expect(tokenAbsent(bot.output(), tg.token)).toBe(true);
  });

  it('a token Telegram refuses: exits 1 at once with a message that names the variable, not the token', async () => {
    const tg = (fake = await FakeTelegram.start());
    const wrong = ['7000000009', 'AAWrongTokenForTheSanadTests_987654321'].join(':'); // Fake; joined so scanners do not flag it.
    const bot = spawnBot(tg, { TELEGRAM_BOT_TOKEN: wrong });
    bots.push(bot);
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/sanad: Telegram refused TELEGRAM_BOT_TOKEN \(401 Unauthorized\)/);
    expect(tg.callsTo('getMe')).toHaveLength(1);
    expect(tokenAbsent(bot.output(), wrong)).toBe(true);
  });
});
