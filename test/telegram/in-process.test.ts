// The adapter started in this process (rather than with npm start) where a test needs to break something
// inside it: a handler that throws, Telegram answering 401/409 to getUpdates, one chat whose replies are slow.
// Still the real telegraf against FakeTelegram.
import { Writable } from 'node:stream';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeTelegram } from '../fakes/telegram/server.ts';
import { ChatService, type ChatMessage } from '../../src/chat/chat.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { t } from '../../src/chat/texts.ts';
import { Sanad } from '../../src/engine/sanad.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/runtime/log.ts';
import type { RunningAdapter } from '../../adapters/types.ts';
import { startTelegram } from '../../adapters/telegram/index.ts';
import { ROOT, tokenAbsent, until } from './helpers.ts';

/** A chat service whose engine "breaks" on questions containing "boom". */
class Faulty extends ChatService {
  override ask(message: ChatMessage): Reply {
    if (message.text?.includes('boom')) throw new Error('boom: the engine broke');
    return super.ask(message);
  }
}

let fake: FakeTelegram;
let running: RunningAdapter;
let logs = '';

beforeAll(async () => {
  fake = await FakeTelegram.start();
  const { articles } = await loadKnowledge(path.join(ROOT, 'knowledge'));
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  running = await startTelegram(
    {
      chat: new Faulty(Sanad.fromArticles(articles)),
      log: createLogger({ level: 'debug', destination: sink }),
      // (npm start's default, answering edits, is covered by bot.test.ts; here edits are ignored.)
      env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_EDITED_MESSAGES: 'ignore' },
    },
    { backoff: { firstMs: 20, maxMs: 100 }, outbox: { typingAfterMs: 200, callTimeoutMs: 1000 } },
  );
  await fake.waitForPolling();
});

afterAll(async () => {
  await running?.stop();
  expect(tokenAbsent(logs, fake.token)).toBe(true);
  await fake.close();
});

describe('the adapter in-process', () => {
  it('a handler that throws: the error is logged, the user gets an apology, polling goes on', async () => {
    const user = { id: 31_001, first_name: 'Nadia', language_code: 'fr' };
    fake.userSendsMessage({ from: user, text: 'boom ?' });
    const [apology] = await fake.waitForMessages(user.id, 1);
    expect(apology.text).toBe(t('fr').sorry);
    fake.userSendsMessage({ from: user, text: 'كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟' });
    const [, answer] = await fake.waitForMessages(user.id, 2);
    expect(answer.text).toContain('6000');
    expect(logs).toContain('an update handler failed; apologising');
    expect(logs).toContain('boom: the engine broke');

    const inline = fake.userSendsInlineQuery({ from: user, query: 'boom' });
    const empty = await fake.waitFor(() => fake.inlineAnswers.find((a) => a.inline_query_id === inline.inline_query?.id));
    expect(empty.results).toEqual([]);
    expect(empty.cache_time).toBe(0);
  });

  it('TELEGRAM_EDITED_MESSAGES=ignore: edits are not even asked for, and not answered', async () => {
    const user = { id: 31_007, first_name: 'Editor' };
    const update = fake.userSendsMessage({ from: user, text: 'متى سيقام كأس العالم في قطر؟' });
    await fake.waitForMessages(user.id, 1);
    const edit = fake.userEditsMessage({ message: update.message!, text: 'متى زار حموشي ملعب لوسيل؟' });
    expect(fake.undeliveredUpdates.find((u) => u.update.update_id === edit.update_id)?.reason).toMatch(/allowed_updates .* excludes "edited_message"/);
    fake.userSendsMessage({ from: user, text: 'كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟' });
    const replies = await fake.waitForMessages(user.id, 2);
    expect(replies[1].text).toContain('6000');
  });

  it('401 and 409 on getUpdates do not stop polling for good (telegraf would): logged as errors, then it polls again', async () => {
    fake.failNext('getUpdates', { status: 409 }).failNext('getUpdates', { status: 401 });
    const user = { id: 31_002, first_name: 'Karim' };
    fake.userSendsMessage({ from: user, text: 'متى سيقام كأس العالم في قطر؟' });
    await fake.waitForMessages(user.id, 1);
    fake.userSendsMessage({ from: user, text: 'متى زار حموشي ملعب لوسيل؟' });
    const [, second] = await fake.waitForMessages(user.id, 2);
    expect(second.text).toContain('لوسيل');
    expect(fake.callsTo('getUpdates').filter((r) => r.injected).map((r) => r.status)).toEqual([409, 401]);
    expect(logs).toContain('another copy of the bot is polling with this token');
    expect(logs).toContain('Telegram refused the token');
  });

  it('a chat whose replies are slow does not hold up the others, and shows "typing…" meanwhile', async () => {
    const slow = { id: 31_003, first_name: 'Slow' };
    const quick = { id: 31_004, first_name: 'Quick' };
    fake.delayNext('sendMessage', 600);
    fake.userSendsMessage({ from: slow, text: 'متى سيقام كأس العالم في قطر؟' });
    await fake.waitFor(() => fake.inFlight.size > 0 && [...fake.inFlight].some((r) => r.method === 'sendMessage') ? true : undefined);
    fake.userSendsMessage({ from: quick, text: 'متى سيقام كأس العالم في قطر؟' });
    await fake.waitForMessages(quick.id, 1);
    expect(fake.messagesIn(slow.id)).toHaveLength(0); // still on its way…
    await fake.waitForMessages(slow.id, 1, 5000); // …and then delivered
    expect(fake.chatActions.filter((a) => a.chat_id === slow.id).map((a) => a.action)).toEqual(['typing']);
    expect(fake.chatActions.some((a) => a.chat_id === quick.id)).toBe(false);
  });

  it('a call Telegram never answers times out and the chat moves on (without sending anything twice)', async () => {
    const user = { id: 31_006, first_name: 'Hanging' };
    fake.delayNext('sendMessage', 2000);
    fake.userSendsMessage({ from: user, text: 'متى سيقام كأس العالم في قطر؟' });
    await until(() => logs.includes('no answer from Telegram after 1000 ms'), 3000, 'the timeout to be logged', () => logs.slice(-3000));
    fake.userSendsMessage({ from: user, text: 'متى زار حموشي ملعب لوسيل؟' });
    const [first] = await fake.waitForMessages(user.id, 1);
    expect(first.text).toContain('لوسيل'); // the next question did not wait for the hanging call
    await fake.waitForMessages(user.id, 2, 3000); // the late one lands in the end; it was not sent again
    expect(fake.callsTo('sendMessage').filter((r) => Number(r.params.chat_id) === user.id)).toHaveLength(2);
  });

  it('stop() lets a reply in flight finish and confirms the offset', async () => {
    const user = { id: 31_005, first_name: 'Last' };
    fake.delayNext('sendMessage', 300);
    const update = fake.userSendsMessage({ from: user, text: 'متى سيقام كأس العالم في قطر؟' });
    await fake.waitFor(() => ([...fake.inFlight].some((r) => r.method === 'sendMessage') ? true : undefined));
    await running.stop();
    expect(fake.messagesIn(user.id)).toHaveLength(1);
    expect(fake.isPolling).toBe(false);
    expect(fake.pendingUpdates.some((u) => u.update_id === update.update_id)).toBe(false);
  });
});
