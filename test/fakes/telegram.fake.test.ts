// Proves the fake Telegram server is faithful, by driving it with the real, unmodified telegraf 4.16.
import { Markup, Telegraf, TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { parseTelegramHtml, TelegramHtmlError } from './telegram/html.ts';
import { FakeTelegram, type Update } from './telegram/server.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let tg: FakeTelegram;
let running: Array<{ bot: Telegraf; launched: Promise<void> }> = [];

/** A telegraf bot against the fake; launched without awaiting (launch() resolves only when polling stops). */
function startBot(setup: (bot: Telegraf) => void): { bot: Telegraf; launched: Promise<void>; outcome: () => string } {
  const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
  setup(bot);
  let outcome = 'running';
  const launched = bot.launch();
  launched.then(
    () => (outcome = 'resolved'),
    (error: unknown) => (outcome = `rejected: ${String(error)}`),
  );
  running.push({ bot, launched });
  return { bot, launched, outcome: () => outcome };
}

async function stopBot(entry: { bot: Telegraf; launched: Promise<void> }): Promise<void> {
  try {
    entry.bot.stop('test');
  } catch {
    // "Bot is not running!": launch already failed
  }
  await Promise.race([entry.launched.catch(() => undefined), sleep(2000)]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const jsonOf = async (res: Response): Promise<any> => res.json();

/** A plain client for the calls telegraf cannot make (raw long polls, forms). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, body?: Record<string, unknown>, token = tg.token): Promise<{ status: number; json: any }> {
  const res = await fetch(`${tg.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { status: res.status, json: await jsonOf(res) };
}

beforeEach(async () => {
  tg = await FakeTelegram.start({ botUsername: 'sanad_test_bot' });
});

afterEach(async () => {
  await Promise.all(running.map(stopBot));
  running = [];
  await tg.close();
});

describe('parseTelegramHtml (Telegram HTML parse_mode)', () => {
  it('produces plain text and UTF-16 entities as Telegram does', () => {
    expect(parseTelegramHtml('<b>a<i>b</i></b> <u>c</u><s>d</s><tg-spoiler>e</tg-spoiler>')).toEqual({
      text: 'ab cde',
      entities: [
        { type: 'bold', offset: 0, length: 2 },
        { type: 'italic', offset: 1, length: 1 },
        { type: 'underline', offset: 3, length: 1 },
        { type: 'strikethrough', offset: 4, length: 1 },
        { type: 'spoiler', offset: 5, length: 1 },
      ],
    });
    expect(parseTelegramHtml('😀 <b>😀x</b>').entities).toEqual([{ type: 'bold', offset: 3, length: 3 }]);
    expect(parseTelegramHtml('<pre><code class="language-ts">x &lt; 1</code></pre><code class="language-go">y</code>')).toEqual({
      text: 'x < 1y',
      entities: [
        { type: 'pre', offset: 0, length: 5, language: 'ts' },
        { type: 'code', offset: 5, length: 1 },
      ],
    });
    expect(parseTelegramHtml('<blockquote expandable>q</blockquote><blockquote>r</blockquote><a href="https://e.com/?a=1&amp;b=2">l</a>').entities).toEqual([
      { type: 'expandable_blockquote', offset: 0, length: 1 },
      { type: 'blockquote', offset: 1, length: 1 },
      { type: 'text_link', offset: 2, length: 1, url: 'https://e.com/?a=1&b=2' },
    ]);
    expect(parseTelegramHtml('&lt;&gt;&amp;&quot;&#1605;&#x1F600;').text).toBe('<>&"م😀');
    expect(parseTelegramHtml('a > b').text).toBe('a > b');
  });

  it('refuses what Telegram refuses, with its messages and byte offsets', () => {
    const error = (html: string): string => {
      try {
        parseTelegramHtml(html);
      } catch (e) {
        expect(e).toBeInstanceOf(TelegramHtmlError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(error('<br>')).toBe('Unsupported start tag "br" at byte offset 0');
    expect(error('مرحبا <p>x</p>')).toBe('Unsupported start tag "p" at byte offset 11');
    expect(error('a < b')).toBe('Unsupported start tag "" at byte offset 2');
    expect(error('<b>x')).toBe('Can\'t find end tag corresponding to start tag "b"');
    expect(error('<b><i>x</b></i>')).toBe('Unmatched end tag at byte offset 7, expected "</i>", found "</b>"');
    expect(error('x</b>')).toBe('Unexpected end tag at byte offset 1');
    expect(error('<span>x</span>')).toBe('Tag "span" must have class "tg-spoiler" at byte offset 0');
    expect(error('<b>&</b>')).toMatch(/"&" at byte offset 3 must be escaped/);
    expect(error('AT&T')).toMatch(/"&" at byte offset 2/);
    expect(error('&nbsp;')).toMatch(/Unsupported HTML entity "&nbsp;"/);
    // Telegram itself keeps a bare & literally; strict: false reproduces that.
    expect(parseTelegramHtml('AT&T &nbsp;', { strict: false }).text).toBe('AT&T &nbsp;');
    expect(new TelegramHtmlError('x').description).toBe("Bad Request: can't parse entities: x");
  });
});

describe('FakeTelegram with the real telegraf 4.16', () => {
  it('delivers a user message to bot.on("text"); ctx.reply is what the user sees', async () => {
    const seen: Update[] = [];
    startBot((bot) =>
      bot.on('text', async (ctx) => {
        seen.push(ctx.update as Update);
        await ctx.reply(`<b>Echo</b>: ${ctx.message.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}`, { parse_mode: 'HTML' });
      }),
    );
    await tg.waitForPolling();
    // telegraf: getMe, deleteWebhook, then getUpdates long polling with timeout 50, all as JSON.
    expect(tg.requests.map((r) => r.method)).toEqual(['getMe', 'deleteWebhook']);
    expect(tg.requests.every((r) => r.contentType === 'application/json')).toBe(true);

    const update = tg.userSendsMessage({ text: '/start@sanad_test_bot hi <&> @someone_else' });
    expect(update.message?.entities).toEqual([
      { type: 'bot_command', offset: 0, length: 21 },
      { type: 'mention', offset: 29, length: 13 },
    ]);
    const [reply] = await tg.waitForMessages(1001, 1);
    expect(seen.map((u) => u.update_id)).toEqual([update.update_id]);
    expect(reply.text).toBe('Echo: /start@sanad_test_bot hi <&> @someone_else');
    expect(reply.entities).toEqual([{ type: 'bold', offset: 0, length: 4 }]);
    expect(reply.parse_mode).toBe('HTML');
    expect(reply.message_id).toBe(2); // the user's message was 1 in this chat
    expect(reply.message.from?.username).toBe('sanad_test_bot');
    const poll = tg.callsTo('getUpdates')[0];
    expect(poll.params).toMatchObject({ timeout: 50, offset: 0, allowed_updates: [] });
  });

  it('confirms updates by offset: after a restart of polling an update is not delivered twice', async () => {
    const handled: number[] = [];
    const first = startBot((bot) => bot.on('message', (ctx) => void handled.push(ctx.update.update_id)));
    await tg.waitForPolling();
    const u1 = tg.userSendsMessage({ text: 'one' });
    await tg.waitFor(() => handled.length === 1, 3000, 'the first bot to handle u1');
    await stopBot(first);
    // On stop telegraf confirms what it handled: getUpdates with offset = last + 1 and limit 1.
    expect(tg.callsTo('getUpdates').at(-1)?.params).toEqual({ offset: u1.update_id + 1, limit: 1 });
    expect(tg.pendingUpdates).toEqual([]);

    startBot((bot) => bot.on('message', (ctx) => void handled.push(ctx.update.update_id)));
    await tg.waitForPolling();
    const u2 = tg.userSendsMessage({ text: 'two' });
    await tg.waitFor(() => handled.length >= 2, 3000, 'the second bot to handle u2');
    await sleep(100);
    expect(handled).toEqual([u1.update_id, u2.update_id]);
    expect(tg.deliveryCount(u1)).toBe(1);
  });

  it('redelivers unconfirmed updates, hangs long polls, and answers 409 to a concurrent poll', async () => {
    const u1 = tg.userSendsMessage({ text: 'hello' });
    // Not confirmed (offset 0): delivered again.
    expect((await call('getUpdates')).json.result.map((u: Update) => u.update_id)).toEqual([u1.update_id]);
    expect((await call('getUpdates', { timeout: 0 })).json.result.map((u: Update) => u.update_id)).toEqual([u1.update_id]);
    expect(tg.deliveryCount(u1)).toBe(2);

    // Confirmed: gone. An empty long poll ends after its timeout.
    const started = Date.now();
    const empty = await call('getUpdates', { offset: u1.update_id + 1, timeout: 1 });
    expect(empty.json).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    // A hanging poll returns as soon as an update arrives.
    const hanging = call('getUpdates', { offset: u1.update_id + 1, timeout: 30 });
    await tg.waitForPolling();
    const u2 = tg.userSendsMessage({ text: 'now' });
    expect((await hanging).json.result.map((u: Update) => u.update_id)).toEqual([u2.update_id]);

    // A second poll terminates the first with 409, as Telegram does with two bot instances.
    const older = call('getUpdates', { offset: u2.update_id + 1, timeout: 30 });
    await tg.waitForPolling();
    const newer = call('getUpdates', { offset: u2.update_id + 1, timeout: 30 });
    expect((await older).json).toEqual({
      ok: false,
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    const u3 = tg.userSendsMessage({ text: 'later' });
    expect((await newer).json.result.map((u: Update) => u.update_id)).toEqual([u3.update_id]);

    // limit, and a negative offset forgets all but the last updates.
    tg.userSendsMessage({ text: 'a' });
    const u5 = tg.userSendsMessage({ text: 'b' });
    expect((await call('getUpdates', { limit: 1 })).json.result).toHaveLength(1);
    expect((await call('getUpdates', { offset: -1 })).json.result.map((u: Update) => u.update_id)).toEqual([u5.update_id]);
    expect(tg.pendingUpdates.map((u) => u.update_id)).toEqual([u5.update_id]);
  });

  it('validates sendMessage text like Telegram (HTML, emptiness, 4096 UTF-16 units)', async () => {
    const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
    tg.addChat({ id: 1001, type: 'private', first_name: 'Alice' });
    const send = (text: string, parse_mode?: 'HTML' | 'MarkdownV2') => bot.telegram.sendMessage(1001, text, parse_mode ? { parse_mode } : {});
    const refusal = async (text: string, parse_mode?: 'HTML' | 'MarkdownV2'): Promise<string> => {
      const error = await send(text, parse_mode).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TelegramError);
      expect((error as TelegramError).code).toBe(400);
      return (error as TelegramError).description;
    };

    const ok = await send('<b>Bold</b> and <a href="https://example.com/a">a link</a> &amp; <i>more</i>', 'HTML');
    expect(ok.text).toBe('Bold and a link & more');
    expect(ok.entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'text_link', offset: 9, length: 6, url: 'https://example.com/a' },
      { type: 'italic', offset: 18, length: 4 },
    ]);
    expect(tg.sentMessages.at(-1)?.raw).toMatchObject({ parse_mode: 'HTML' });

    expect(await refusal('<b>&', 'HTML')).toMatch(/^Bad Request: can't parse entities: /);
    expect(await refusal('<b>&</b>', 'HTML')).toMatch(/^Bad Request: can't parse entities: Character "&"/);
    expect(await refusal('<p>x</p>', 'HTML')).toBe('Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0');
    expect(await refusal('<b>x</i>', 'HTML')).toMatch(/Unmatched end tag/);
    expect(await refusal('<b></b>', 'HTML')).toBe('Bad Request: message text is empty');
    expect(await refusal(' \n ')).toBe('Bad Request: message text is empty');
    expect(await refusal('*x*', 'MarkdownV2')).toMatch(/not supported by FakeTelegram/);

    // 4096 UTF-16 code units after parsing are fine, 4097 are not; an emoji counts 2; tags don't count.
    expect((await send(`<b>${'x'.repeat(4096)}</b>`, 'HTML')).text).toHaveLength(4096);
    expect(await refusal('x'.repeat(4097))).toBe('Bad Request: message is too long');
    expect((await send('😀'.repeat(2048))).text).toHaveLength(4096);
    expect(await refusal(`${'😀'.repeat(2048)}x`)).toBe('Bad Request: message is too long');
    // Telegram trims surrounding whitespace and drops \r.
    expect((await send('  <b>hi</b>\r\n\n', 'HTML')).text).toBe('hi');
    // Plain text is taken literally.
    expect((await send('<b> & </b>')).text).toBe('<b> & </b>');
  });

  it('answers an inline query and validates the results', async () => {
    const errors: string[] = [];
    startBot((bot) =>
      bot.on('inline_query', async (ctx) => {
        await ctx.answerInlineQuery(
          [
            {
              type: 'article',
              id: 'a1',
              title: 'Answer',
              input_message_content: { message_text: '<b>Doha</b> hosted it', parse_mode: 'HTML' },
            },
          ],
          { cache_time: 0 },
        );
        // A query can be answered once.
        await ctx.answerInlineQuery([]).catch((e: TelegramError) => errors.push(e.description));
      }),
    );
    await tg.waitForPolling();
    const update = tg.userSendsInlineQuery({ query: 'where?' });
    const answer = await tg.waitFor(() => tg.inlineAnswers[0]);
    expect(answer.inline_query_id).toBe(update.inline_query?.id);
    expect(answer.results).toEqual([expect.objectContaining({ id: 'a1', type: 'article' })]);
    expect(answer.messages).toEqual([{ id: 'a1', text: 'Doha hosted it', entities: [{ type: 'bold', offset: 0, length: 4 }] }]);
    expect(answer.cache_time).toBe(0);
    await tg.waitFor(() => errors.length === 1);
    expect(errors).toEqual(['Bad Request: query is too old and response timeout expired or query ID is invalid']);

    // Validation, with a direct client (the bot is stopped so that it does not answer first).
    await stopBot(running[0]);
    const query = (): string => tg.userSendsInlineQuery({ query: 'x' }).inline_query!.id;
    const article = (id: string, message_text = 'x') => ({ type: 'article', id, title: 't', input_message_content: { message_text } });
    const tooMany = Array.from({ length: 51 }, (_, i) => article(`r${i}`));
    expect((await call('answerInlineQuery', { inline_query_id: query(), results: tooMany })).json.description).toBe('Bad Request: RESULTS_TOO_MUCH');
    expect((await call('answerInlineQuery', { inline_query_id: query(), results: [article('a'), article('a')] })).json.description).toBe(
      'Bad Request: RESULT_ID_DUPLICATE',
    );
    expect((await call('answerInlineQuery', { inline_query_id: query(), results: [article('x'.repeat(65))] })).json.description).toBe(
      'Bad Request: RESULT_ID_INVALID',
    );
    expect((await call('answerInlineQuery', { inline_query_id: query(), results: [article('a', '')] })).json.description).toBe(
      'Bad Request: message text is empty',
    );
    const fifty = Array.from({ length: 50 }, (_, i) => article(`r${i}`));
    expect((await call('answerInlineQuery', { inline_query_id: query(), results: fifty })).json).toEqual({ ok: true, result: true });
  });

  it('delivers a button press as a callback query; answers and edits are recorded', async () => {
    const answers: string[] = [];
    startBot((bot) => {
      bot.command('start', (ctx) => ctx.reply('Pick one', Markup.inlineKeyboard([Markup.button.callback('Yes', 'pick:yes'), Markup.button.url('Site', 'https://example.com')])));
      bot.on('callback_query', async (ctx) => {
        const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : '';
        answers.push(data);
        await ctx.answerCbQuery(`You chose ${data}`);
        await ctx.editMessageText('<i>Chosen</i>', { parse_mode: 'HTML' });
      });
    });
    await tg.waitForPolling();
    tg.userSendsMessage({ text: '/start' });
    const [keyboardMessage] = await tg.waitForMessages(1001, 1);
    expect(keyboardMessage.message.reply_markup?.inline_keyboard[0].map((b) => b.text)).toEqual(['Yes', 'Site']);

    // A user can only press buttons that exist.
    expect(() => tg.userPressesButton({ message: keyboardMessage, data: 'pick:no' })).toThrow(/no button with callback_data "pick:no".*\[Yes → pick:yes\]/);
    expect(() => tg.userPressesButton({ message: keyboardMessage, text: 'Site' })).toThrow(/not a callback button/);

    const press = tg.userPressesButton({ message: keyboardMessage, text: 'Yes' });
    expect(press.callback_query?.message?.message_id).toBe(keyboardMessage.message_id);
    const answer = await tg.waitFor(() => tg.callbackAnswers[0]);
    expect(answer).toMatchObject({ callback_query_id: press.callback_query?.id, text: 'You chose pick:yes' });
    await tg.waitFor(() => keyboardMessage.edits.length === 1);
    // The edit changed the text and, since it did not repeat reply_markup, removed the keyboard.
    expect(keyboardMessage.text).toBe('Chosen');
    expect(keyboardMessage.entities).toEqual([{ type: 'italic', offset: 0, length: 6 }]);
    expect(keyboardMessage.message.reply_markup).toBeUndefined();
    expect(keyboardMessage.edits[0].before.text).toBe('Pick one');
    expect(() => tg.userPressesButton({ message: keyboardMessage, data: 'pick:yes' })).toThrow(/no inline keyboard/);
    expect(answers).toEqual(['pick:yes']);
  });

  it('validates keyboards, edits, replies and deletions like Telegram', async () => {
    const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
    const user = tg.userSendsMessage({ text: 'hi' }).message!;
    const description = (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'accepted',
        (e: TelegramError) => e.description,
      );

    expect(await description(bot.telegram.sendMessage(1001, 'x', Markup.inlineKeyboard([Markup.button.callback('B', 'd'.repeat(65))])))).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    expect(await description(bot.telegram.sendMessage(1001, 'x', { reply_markup: { inline_keyboard: [[{ text: 'plain' } as never]] } }))).toMatch(
      /Text buttons are not allowed/,
    );
    const hundredOne = Array.from({ length: 101 }, (_, i) => [Markup.button.callback(`b${i}`, `d${i}`)]);
    expect(await description(bot.telegram.sendMessage(1001, 'x', Markup.inlineKeyboard(hundredOne)))).toBe('Bad Request: BUTTONS_TOO_MUCH');
    expect(await description(bot.telegram.sendMessage(999, 'x'))).toBe('Bad Request: chat not found');
    expect(await description(bot.telegram.sendMessage(1001, 'x', { reply_parameters: { message_id: 77 } }))).toBe(
      'Bad Request: message to be replied not found',
    );

    const reply = await bot.telegram.sendMessage(1001, 'answer', { reply_parameters: { message_id: user.message_id } });
    expect(reply.reply_to_message?.message_id).toBe(user.message_id);
    expect(tg.sentMessages.at(-1)?.reply_to_message_id).toBe(user.message_id);
    expect(await description(bot.telegram.editMessageText(1001, reply.message_id, undefined, 'answer'))).toMatch(/^Bad Request: message is not modified/);
    expect(await description(bot.telegram.editMessageText(1001, user.message_id, undefined, 'x'))).toBe("Bad Request: message can't be edited");
    expect(await description(bot.telegram.editMessageText(1001, 555, undefined, 'x'))).toBe('Bad Request: message to edit not found');
    await bot.telegram.sendChatAction(1001, 'typing');
    expect(tg.chatActions).toEqual([expect.objectContaining({ chat_id: 1001, action: 'typing' })]);
    expect(await bot.telegram.deleteMessage(1001, reply.message_id)).toBe(true);
    expect(tg.sentMessages.at(-1)?.deleted).toBe(true);
    expect(await description(bot.telegram.deleteMessage(1001, reply.message_id))).toBe('Bad Request: message to delete not found');

    const withKeyboard = await bot.telegram.sendMessage(1001, 'Choose', Markup.inlineKeyboard([Markup.button.callback('A', 'a')]));
    const queryId = tg.userPressesButton({ message: withKeyboard, data: 'a' }).callback_query!.id;
    expect(await description(bot.telegram.answerCbQuery(queryId, 'x'.repeat(201)))).toBe('Bad Request: MESSAGE_TOO_LONG');
    expect(await bot.telegram.answerCbQuery(queryId, 'x'.repeat(200))).toBe(true);
    expect(await description(bot.telegram.answerCbQuery(queryId))).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );

    tg.userBlocksBot(1001);
    const blocked = await bot.telegram.sendMessage(1001, 'x').catch((e: TelegramError) => e);
    expect(blocked).toMatchObject({ code: 403, description: 'Forbidden: bot was blocked by the user' });
  });

  it('keeps commands by scope and language, and shows users the most specific menu', async () => {
    const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
    tg.addChat({ id: -100123, type: 'supergroup', title: 'News' });
    await bot.telegram.setMyCommands([{ command: 'ask', description: 'Ask a question' }]);
    await bot.telegram.setMyCommands([{ command: 'ask', description: 'اسأل سؤالاً' }], { language_code: 'ar' });
    await bot.telegram.setMyCommands([{ command: 'help', description: 'Help in groups' }], { scope: { type: 'all_group_chats' } });
    expect(await bot.telegram.getMyCommands({ language_code: 'ar' })).toEqual([{ command: 'ask', description: 'اسأل سؤالاً' }]);
    expect(await bot.telegram.getMyCommands({ scope: { type: 'all_private_chats' } })).toEqual([]);
    expect(tg.commands).toHaveLength(3);
    const arab = { id: 7, is_bot: false, first_name: 'Omar', language_code: 'ar' };
    expect(tg.visibleCommands({ chat: { id: 7, type: 'private' }, user: arab })[0].description).toBe('اسأل سؤالاً');
    expect(tg.visibleCommands({ chat: { id: 1001, type: 'private' } })[0].description).toBe('Ask a question');
    expect(tg.visibleCommands({ chat: { id: -100123, type: 'supergroup' }, user: arab })).toEqual([{ command: 'help', description: 'Help in groups' }]);
    expect(await bot.telegram.deleteMyCommands({ scope: { type: 'all_group_chats' } })).toBe(true);
    expect(tg.commandsFor({ type: 'all_group_chats' })).toEqual([]);
    const invalid = await bot.telegram.setMyCommands([{ command: 'Bad-Command', description: 'x' }]).catch((e: TelegramError) => e.description);
    expect(invalid).toBe('Bad Request: BOT_COMMAND_INVALID');
  });

  it('in groups, delivers only what privacy mode lets through', async () => {
    const texts: string[] = [];
    startBot((bot) =>
      bot.on('message', async (ctx) => {
        texts.push('text' in ctx.message ? ctx.message.text : '(media)');
        if (texts.length === 1) await ctx.reply('Doha.');
      }),
    );
    await tg.waitForPolling();
    const group = { id: -1002, type: 'supergroup' as const, title: 'Readers' };
    const from = { id: 2002, first_name: 'Bob' };
    tg.userSendsMessage({ chat: group, from, text: 'just chatting' });
    tg.userSendsMessage({ chat: group, from, text: '/ask@other_bot where?' });
    tg.userSendsMessage({ chat: group, from, text: '/ask@sanad_test_bot where?' });
    const [answer] = await tg.waitForMessages(group.id, 1);
    tg.userSendsMessage({ chat: group, from, text: 'hey @sanad_test_bot who won?' });
    tg.userSendsMessage({ chat: group, from, text: 'thanks!', reply_to_message_id: answer.message_id });
    tg.userSendsMessage({ chat: group, from, sticker: true });
    await tg.waitFor(() => texts.length === 3, 3000, 'three group messages');
    await sleep(50);
    expect(texts).toEqual(['/ask@sanad_test_bot where?', 'hey @sanad_test_bot who won?', 'thanks!']);
    expect(tg.undeliveredUpdates.map((u) => u.update.message?.text ?? 'sticker')).toEqual(['just chatting', '/ask@other_bot where?', 'sticker']);
  });

  it('delivers edits and media, honours allowed_updates, and refuses getUpdates while a webhook is set', async () => {
    const seen: string[] = [];
    startBot((bot) => {
      bot.on('edited_message', (ctx) => void seen.push(`edited:${'text' in ctx.editedMessage ? ctx.editedMessage.text : ''}`));
      bot.on('sticker', (ctx) => void seen.push(`sticker:${ctx.message.sticker.emoji ?? ''}`));
      bot.on('voice', (ctx) => void seen.push(`voice:${ctx.message.voice.duration}`));
    });
    await tg.waitForPolling();
    const sent = tg.userSendsMessage({ text: 'frist' }).message!;
    tg.userEditsMessage({ message: sent, text: 'first' });
    tg.userSendsMessage({ sticker: { emoji: '🙂' } });
    tg.userSendsMessage({ voice: true });
    await tg.waitFor(() => seen.length === 3, 3000, 'the edit, the sticker and the voice');
    expect(seen).toEqual(['edited:first', 'sticker:🙂', 'voice:3']);

    const bot = running[0].bot;
    bot.stop();
    await running[0].launched;
    running = [];
    // telegraf's allowedUpdates goes to getUpdates; Telegram then stops creating other updates.
    const restricted = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
    restricted.on('message', () => undefined);
    const launched = restricted.launch({ allowedUpdates: ['message'] });
    running.push({ bot: restricted, launched });
    await tg.waitForPolling();
    expect([...tg.inFlight].map((r) => r.params)).toEqual([{ timeout: 50, offset: expect.any(Number), allowed_updates: ['message'] }]);
    const query = tg.userSendsInlineQuery({ query: 'ignored' });
    expect(tg.undeliveredUpdates.at(-1)).toEqual({ update: query, reason: 'allowed_updates ["message"] excludes "inline_query"' });
    restricted.stop();
    await launched;
    running = [];

    expect((await call('setWebhook', { url: 'https://example.com/hook' })).json).toEqual({ ok: true, result: true });
    expect((await call('getUpdates')).json.description).toMatch(/^Conflict: can't use getUpdates method while webhook is active/);
    tg.userSendsMessage({ text: 'pending' });
    expect((await call('getWebhookInfo')).json.result).toMatchObject({ url: 'https://example.com/hook', pending_update_count: 1 });
    expect((await call('deleteWebhook', { drop_pending_updates: true })).json.result).toBe(true);
    expect((await call('getUpdates')).json.result).toEqual([]);
  });

  it('telegraf handles one batch at a time: a slow handler holds back the next getUpdates', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    startBot((bot) =>
      bot.on('text', async (ctx) => {
        if (ctx.message.text === 'slow') await gate;
        handled.push(ctx.message.text);
      }),
    );
    await tg.waitForPolling();
    tg.userSendsMessage({ text: 'slow' });
    await tg.waitFor(() => !tg.isPolling);
    tg.userSendsMessage({ from: { id: 3003, first_name: 'Carol' }, text: 'fast' });
    await sleep(200);
    expect(handled).toEqual([]); // Carol waits for Alice's handler
    expect(tg.isPolling).toBe(false);
    release();
    await tg.waitFor(() => handled.length === 2);
    expect(handled).toEqual(['slow', 'fast']);

    // delayNext: an answer that comes late.
    tg.delayNext('sendMessage', 150);
    const started = Date.now();
    await running[0].bot.telegram.sendMessage(1001, 'late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(tg.callsTo('sendMessage')[0].injected).toBe('delay');
  });

  it('500 on getUpdates: telegraf waits 5 s and polls again (the one slow test)', async () => {
    const texts: string[] = [];
    tg.failNext('getUpdates', { status: 500 });
    startBot((bot) => bot.on('text', (ctx) => void texts.push(ctx.message.text)));
    tg.userSendsMessage({ text: 'still there?' });
    await tg.waitFor(() => tg.callsTo('getUpdates').length >= 1, 3000);
    const failedAt = Date.now();
    await tg.waitFor(() => texts.length === 1, 8000, 'the update after the retry');
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(4500);
    expect(tg.callsTo('getUpdates').map((r) => r.status).slice(0, 2)).toEqual([500, 200]);
    expect(tg.callsTo('getUpdates')[0].response).toEqual({ ok: false, error_code: 500, description: 'Internal Server Error' });
  }, 12_000);

  it('429 on getUpdates: telegraf waits retry_after; on sendMessage it just throws', async () => {
    const texts: string[] = [];
    const errors: unknown[] = [];
    tg.failNext('getUpdates', { status: 429, retryAfter: 1 });
    startBot((bot) =>
      bot.on('text', async (ctx) => {
        texts.push(ctx.message.text);
        await ctx.reply('answer').catch((e: unknown) => errors.push(e));
      }),
    );
    tg.userSendsMessage({ text: 'q' });
    await tg.waitFor(() => tg.callsTo('getUpdates').length >= 1, 3000);
    const failedAt = Date.now();
    tg.failNext('sendMessage', { status: 429, retryAfter: 7 });
    await tg.waitFor(() => errors.length === 1, 4000, 'the rate-limited reply');
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(900);
    expect(errors[0]).toBeInstanceOf(TelegramError);
    expect(errors[0]).toMatchObject({ code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    expect(tg.callsTo('sendMessage')).toHaveLength(1); // no retry by telegraf
    expect(tg.sentMessages).toHaveLength(0);
  });

  it('dropNext destroys the connection: telegraf rejects with a FetchError, nothing is sent', async () => {
    const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
    tg.addChat({ id: 1001, type: 'private', first_name: 'Alice' });
    tg.dropNext('sendMessage');
    const error = (await bot.telegram.sendMessage(1001, 'lost').catch((e: unknown) => e)) as Error & { code?: string };
    expect(error.name).toBe('FetchError');
    expect(error.message).toMatch(/socket hang up|ECONNRESET/);
    expect(error.message).not.toContain(tg.token); // telegraf redacts it
    expect(tg.sentMessages).toHaveLength(0);
    expect(tg.callsTo('sendMessage')[0]).toMatchObject({ status: 0, injected: 'drop' });
    expect((await bot.telegram.sendMessage(1001, 'delivered')).text).toBe('delivered');
  });

  it('a wrong token gets 401 and launch() rejects; unknown methods 404; a failing getMe fails launch', async () => {
    const wrong = new Telegraf('123:wrong', { telegram: { apiRoot: tg.apiRoot } });
    await expect(wrong.telegram.getMe()).rejects.toMatchObject({ code: 401, description: 'Unauthorized' });
    await expect(wrong.launch()).rejects.toMatchObject({ code: 401 });
    expect(() => wrong.stop()).toThrow('Bot is not running!');
    expect(await call('getMe', {}, 'nope')).toEqual({ status: 401, json: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await call('fooBar')).toEqual({ status: 404, json: { ok: false, error_code: 404, description: 'Not Found' } });
    expect((await call('sendPhoto')).status).toBe(501); // real method the fake does not implement
    expect((await call('GETME')).json.result).toMatchObject({ is_bot: true, username: 'sanad_test_bot', can_read_all_group_messages: false, supports_inline_queries: true });

    tg.failNext('getMe', { status: 500 });
    const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
    let launchedCallback = false;
    await expect(bot.launch(() => (launchedCallback = true))).rejects.toMatchObject({ code: 500, description: 'Internal Server Error' });
    expect(launchedCallback).toBe(false);
  });

  it('an error thrown by a handler without bot.catch stops polling: launch() rejects', async () => {
    const started = startBot((bot) => bot.on('text', (ctx) => ctx.reply('<b>broken', { parse_mode: 'HTML' }).then(() => undefined)));
    const originalError = console.error;
    console.error = () => undefined; // telegraf logs "Unhandled error while processing"
    try {
      await tg.waitForPolling();
      tg.userSendsMessage({ text: 'x' });
      await expect(started.launched).rejects.toMatchObject({ code: 400 });
    } finally {
      console.error = originalError;
      process.exitCode = undefined; // telegraf sets it to 1
    }
    // Polling stopped but the failed update was confirmed on the way out.
    expect(tg.isPolling).toBe(false);
    expect(tg.pendingUpdates).toEqual([]);
  });

  it('accepts form-urlencoded and multipart bodies, and query strings', async () => {
    tg.addChat({ id: 1001, type: 'private', first_name: 'Alice' });
    const form = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '1001', text: '<i>form</i>', parse_mode: 'HTML' }),
    });
    expect((await jsonOf(form)).result).toMatchObject({ text: 'form', entities: [{ type: 'italic', offset: 0, length: 4 }] });

    const multipart = new FormData();
    multipart.set('chat_id', '1001');
    multipart.set('text', 'multi');
    multipart.set('reply_markup', JSON.stringify({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] }));
    multipart.set('file', new Blob([Buffer.from('abc')]), 'a.txt');
    const res = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, { method: 'POST', body: multipart });
    expect((await jsonOf(res)).result.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] });
    expect(tg.callsTo('sendMessage')[1].params.file).toMatchObject({ filename: 'a.txt', size: 3 });

    const get = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage?chat_id=1001&text=query`);
    expect((await jsonOf(get)).result.text).toBe('query');
  });

  it('close() ends hanging long polls at once; waitFor explains what happened when it times out', async () => {
    tg.userSendsMessage({ text: 'unread' });
    const failure = await tg.waitForMessages(1001, 1, 150).catch((e: Error) => e.message);
    expect(failure).toMatch(/timed out after 150 ms waiting for 1 message\(s\) from the bot in chat 1001/);
    expect(failure).toMatch(/Messages the bot sent \(0\)/);
    expect(failure).toMatch(/1 not confirmed by the bot \(10001 never fetched\)/);

    const hanging = fetch(`${tg.apiRoot}/bot${tg.token}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offset: 10002, timeout: 50 }),
    }).then(
      () => 'answered',
      () => 'connection closed',
    );
    await tg.waitForPolling();
    const started = Date.now();
    await tg.close();
    expect(await hanging).toBe('connection closed');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
