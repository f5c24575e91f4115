// The Telegram adapter end to end: the bot started as `npm start` starts it, with the real telegraf, against
// FakeTelegram; the tests play users and check what they would see. One bot process serves the whole file;
// each test has its own users and chats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeTelegram, type SentMessage, type Update, type User } from '../fakes/telegram/server.ts';
import { t } from '../../src/chat/texts.ts';
import { explain, makeKnowledge, spawnBot, tokenAbsent, until, type BotProcess } from './helpers.ts';

const BOT = 'sanad_test_bot';
const RATE_LIMIT = 4;
const HAMMOUCHI_TITLE = 'مجلة ”ماروك إيبدو”: ”عبد اللطيف حموشي ورجاله يستعدون لتأمين مونديال قطر”';
const Q_SECURITY = 'كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟';
const Q_LUSAIL = 'متى زار حموشي ملعب لوسيل؟';
const Q_WORLD_CUP = 'متى سيقام كأس العالم في قطر؟';
/** Answered from the very long paragraph of the Noor fixture article. */
const Q_NOOR_LONG = 'الكهرباء النظيفة لآلاف البيوت';

let fake: FakeTelegram;
let bot: BotProcess;
let knowledge: ReturnType<typeof makeKnowledge>;
let nextUserId = 20_000;

/** A new user (and so a new private chat). */
function newUser(language_code = 'ar'): User {
  const id = nextUserId++;
  return { id, is_bot: false, first_name: `User ${id}`, language_code };
}

let nextGroupId = -1_000_500;

async function ask(user: User, text: string): Promise<{ update: Update; reply: SentMessage }> {
  const before = fake.messagesIn(user.id).length;
  const update = fake.userSendsMessage({ from: user, text });
  const messages = await fake.waitForMessages(user.id, before + 1);
  return { update, reply: messages[before] };
}

/** The part of a message an entity covers. */
const covered = (m: Pick<SentMessage, 'text' | 'entities'>, type: string): string[] =>
  m.entities.filter((e) => e.type === type).map((e) => m.text.slice(e.offset, e.offset + e.length));

const quoteOf = (m: Pick<SentMessage, 'text' | 'entities'>): string =>
  [...covered(m, 'blockquote'), ...covered(m, 'expandable_blockquote')].join('\n');

const buttonsOf = (m: SentMessage): Array<{ text: string; callback_data?: string }> =>
  ((m.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat();

beforeAll(async () => {
  // Privacy mode off: the bot receives every group message, so the tests check its own rules rather
  // than Telegram's filtering (with privacy mode on it only receives a subset of these).
  fake = await FakeTelegram.start({ botUsername: BOT, privacyMode: false });
  knowledge = makeKnowledge();
  bot = spawnBot(fake, {
    SANAD_KNOWLEDGE_DIR: knowledge.dir,
    SANAD_RATE_LIMIT: String(RATE_LIMIT),
    SANAD_RATE_WINDOW_SECONDS: '3600',
  });
  await fake.waitForPolling(15_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${bot.output()}`);
  });
});

afterAll(async () => {
  const code = await bot?.stop();
  const output = bot?.output() ?? '';
  try {
    expect(code).toBe(0);
    expect(fake.isPolling).toBe(false);
    // Nothing the bot sent was refused by Telegram's validation (HTML, 4096 limit), apart from injected failures.
    const refused = fake.callsTo('sendMessage').filter((r) => r.status === 400 && !r.injected);
    expect(refused.map((r) => (r.response as { description?: string }).description)).toEqual([]);
    expect(fake.sentMessages.every((m) => m.text.length <= 4096)).toBe(true);
    expect(tokenAbsent(output, fake.token)).toBe(true);
  } finally {
    await fake.close();
    knowledge.remove();
  }
});

describe('private chat', () => {
  it('answers a question with the span in bold, the source and the passage as a quote, replying to it', async () => {
    const user = newUser('ar');
    const { update, reply } = await ask(user, Q_SECURITY);
    expect(reply.reply_to_message_id).toBe(update.message?.message_id);
    expect(reply.parse_mode).toBe('HTML');
    expect(covered(reply, 'bold')).toContain('6000');
    expect(reply.text).toContain(`${t('ar').source}: ${HAMMOUCHI_TITLE}`);
    expect(quoteOf(reply)).toContain('تنص على إيفاد 6000 من “رجال حموشي” إلى قطر');
    expect(buttonsOf(reply).map((b) => b.text)).toEqual([t('ar').otherMatches]);
  });

  it('greets on /start in the user’s language with example questions; /help explains; /sources lists the articles', async () => {
    const fr = newUser('fr');
    const { reply: welcome } = await ask(fr, '/start');
    expect(welcome.text).toContain(t('fr').welcome);
    expect(welcome.text).toContain(t('fr').examplesIntro);
    expect(welcome.text).toContain(Q_WORLD_CUP);

    const en = newUser('en-US');
    const { reply: help } = await ask(en, '/help');
    expect(help.text).toContain(t('en').help);
    expect(help.text).not.toContain(t('en').welcome);

    const ar = newUser(undefined);
    const { reply: arabic } = await ask(ar, '/start');
    expect(arabic.text).toContain(t('ar').welcome); // Arabic when Telegram gives no language

    const { reply: sources } = await ask(en, '/sources');
    expect(covered(sources, 'bold')).toEqual([t('en').sourcesTitle]);
    expect(sources.text).toContain(HAMMOUCHI_TITLE);
    const link = sources.entities.find((e) => e.type === 'text_link');
    expect(link?.url).toBe('https://example.com/noor?a=1&b=%3C2%3E');
    // The fixture title is full of markup characters: shown literally, cut, with its date isolated.
    expect(sources.text).toContain('محطة نور <b>&amp; & الطاقة الشمسية "الكبرى"');
    expect(sources.text).toContain('…');
    expect(sources.text).toContain('(\u20682016-02-04\u2069)');
  });

  it('registers the command menu in Arabic (also the default), French and English', async () => {
    await fake.waitFor(() => fake.commands.length === 8 || undefined, 5000, 'setMyCommands for 2 scopes × 4 languages');
    const names = (lang: string, scope: 'all_private_chats' | 'all_group_chats') =>
      fake.commandsFor({ type: scope }, lang).map((c) => `${c.command}: ${c.description}`);
    expect(names('fr', 'all_private_chats')).toEqual([
      `start: ${t('fr').commands.start}`,
      `ask: ${t('fr').commands.ask}`,
      `help: ${t('fr').commands.help}`,
      `sources: ${t('fr').commands.sources}`,
    ]);
    expect(names('', 'all_private_chats')).toEqual(names('ar', 'all_private_chats'));
    expect(names('ar', 'all_group_chats')).toEqual([
      `ask: ${t('ar').commands.ask}`,
      `help: ${t('ar').commands.help}`,
      `sources: ${t('ar').commands.sources}`,
    ]);
    expect(fake.visibleCommands({ chat: { id: 1, type: 'private' }, user: newUser('en') })[1].description).toBe(t('en').commands.ask);
  });

  it('declines politely, in the user’s language, naming what the articles cover', async () => {
    const fr = newUser('fr');
    const { reply } = await ask(fr, 'Quel temps fera-t-il à Paris demain ?');
    // Every article here is in Arabic: the French reader is told to ask in Arabic.
    expect(reply.text).toMatch(/^Désolé, mes articles ne répondent pas à cette question\. Ils sont écrits en arabe : posez-moi plutôt la question en arabe\. Ils parlent de : /);
    expect(reply.text).toContain(HAMMOUCHI_TITLE);
    expect(quoteOf(reply)).toBe('');
    expect(buttonsOf(reply)).toEqual([]);
    // Arabic titles in a French sentence are isolated, so the list keeps its order; very long ones are cut.
    expect(reply.text).toContain(`\u2068${HAMMOUCHI_TITLE}\u2069`);
    expect(reply.text).toMatch(/ ; \u2068محطة نور <b>&amp; & [^\u2069]{50,120}…\u2069\.$/);

    const en = newUser('en');
    const { reply: english } = await ask(en, 'What is the weather in London tomorrow?');
    expect(english.text).toMatch(/^Sorry, my articles don't answer that\. They are written in Arabic: please ask in Arabic\. They cover: /);
  });

  it('a question with <b>& in it, and articles full of markup, give valid messages shown literally', async () => {
    const user = newUser('ar');
    const { reply } = await ask(user, 'ما هو <b>&amp; & <i> الأمن في قطر؟');
    expect(reply.parse_mode).toBe('HTML');
    expect(reply.text).toContain(HAMMOUCHI_TITLE);

    const { reply: noor } = await ask(user, 'متى افتتحت محطة نور؟');
    expect(noor.parse_mode).toBe('HTML');
    expect(noor.text).toContain('محطة نور <b>&amp; & الطاقة الشمسية "الكبرى"');
    expect(noor.entities.find((e) => e.type === 'text_link')?.url).toBe('https://example.com/noor?a=1&b=%3C2%3E');
    expect(covered(noor, 'bold').join(' ')).toMatch(/2016|فبراير/);
  });

  it('never sends over 4096 characters: a very long title is cut, a long passage is quoted in part, then whole', async () => {
    const user = newUser('ar');
    const { reply } = await ask(user, Q_NOOR_LONG);
    expect(reply.text.length).toBeLessThanOrEqual(4096);
    expect(reply.entities.some((e) => e.type === 'expandable_blockquote')).toBe(true);
    expect(quoteOf(reply).endsWith('…')).toBe(true);
    const buttons = buttonsOf(reply);
    expect(buttons.map((b) => b.text)).toEqual([t('ar').wholePassage, t('ar').otherMatches]);

    // "The whole passage": the button press is answered, the passage comes as a reply, the button goes away.
    const press = fake.userPressesButton({ from: user, message: reply, text: t('ar').wholePassage });
    const doubleTap = fake.userPressesButton({ from: user, message: reply, text: t('ar').wholePassage });
    const [, whole] = await fake.waitForMessages(user.id, 2);
    await fake.waitFor(() => fake.callbackAnswers.find((a) => a.callback_query_id === doubleTap.callback_query?.id), 3000, 'the double tap answered');
    await fake.waitFor(() => fake.callbackAnswers.find((a) => a.callback_query_id === press.callback_query?.id), 3000, 'the press answered');
    expect(whole.reply_to_message_id).toBe(reply.message_id);
    expect(quoteOf(whole).length).toBeGreaterThan(quoteOf(reply).length);
    expect(quoteOf(whole).startsWith(quoteOf(reply).slice(0, -1).trim())).toBe(true);
    expect(whole.text.length).toBeLessThanOrEqual(4096);
    await fake.waitFor(() => buttonsOf(reply).length === 1 || undefined, 3000, 'the used button to go');
    expect(buttonsOf(reply).map((b) => b.text)).toEqual([t('ar').otherMatches]);

    // "Other matches": two more passages, each with its source, as a reply.
    fake.userPressesButton({ from: user, message: reply, text: t('ar').otherMatches });
    const [, , others] = await fake.waitForMessages(user.id, 3);
    expect(others.reply_to_message_id).toBe(reply.message_id);
    expect(covered(others, 'bold')[0]).toBe(t('ar').otherMatches);
    expect(others.text).toMatch(/^نتائج أخرى\n\n1\. [^]*\n\n2\. /);
    expect(others.text.length).toBeLessThanOrEqual(4096);
    expect(fake.messagesIn(user.id)).toHaveLength(3); // the double tap posted nothing more
    await fake.waitFor(() => buttonsOf(reply).length === 0 || undefined, 3000, 'the keyboard to go');
  });

  it('gets a short note for stickers, photos, voice and files; a limit message for a long question; usage for an empty /ask', async () => {
    const user = newUser('en');
    fake.userSendsMessage({ from: user, sticker: true });
    fake.userSendsMessage({ from: user, photo: true });
    fake.userSendsMessage({ from: user, voice: true });
    fake.userSendsMessage({ from: user, document: true });
    const notes = await fake.waitForMessages(user.id, 4);
    expect(notes.map((m) => m.text)).toEqual(Array(4).fill(t('en').textOnly));

    const { reply: tooLong } = await ask(user, `When ${'is it really '.repeat(50)}?`);
    expect(tooLong.text).toBe(t('en').tooLong(500));
    const { reply: usage } = await ask(user, '/ask');
    expect(usage.text).toBe(t('en').usage('/ask'));
    const { reply: asked } = await ask(user, `/ask ${Q_WORLD_CUP}`);
    expect(asked.text).toContain('21 نونبر');
  });

  it('answers an edited question as a new question, replying to the edited message', async () => {
    const user = newUser('ar');
    const { update, reply } = await ask(user, 'متى زار حموشي ملعب الدوحة؟');
    fake.userEditsMessage({ message: update.message!, text: Q_SECURITY });
    const [, second] = await fake.waitForMessages(user.id, 2);
    expect(second.reply_to_message_id).toBe(update.message?.message_id);
    expect(second.message_id).not.toBe(reply.message_id);
    expect(covered(second, 'bold')).toContain('6000');
  });
});

describe('groups', () => {
  it('answers /ask, /ask@bot, mentions and replies to its own messages, and nothing else', async () => {
    const chat = { id: nextGroupId--, type: 'supergroup' as const, title: 'Readers' };
    const from = newUser('ar');
    const other = newUser('ar');
    const send = (text: string, reply_to_message_id?: number) =>
      fake.userSendsMessage({ chat, from, text, ...(reply_to_message_id ? { reply_to_message_id } : {}) }).message!.message_id;

    const ignored = [
      send(`نقاش عادي عن ${Q_SECURITY}`),
      send(`/ask@other_bot ${Q_SECURITY}`),
      send(`@someone_else ${Q_SECURITY}`),
      send('/sticker_pack'),
    ];
    const viaAsk = send(`/ask ${Q_LUSAIL}`);
    const [first] = await fake.waitForMessages(chat.id, 1);
    expect(first.reply_to_message_id).toBe(viaAsk);

    const viaAskAt = send(`/ask@${BOT} ${Q_SECURITY}`);
    const viaMention = fake.userSendsMessage({ chat, from: other, text: `@${BOT} ${Q_WORLD_CUP}` }).message!.message_id;
    const viaReply = send(Q_SECURITY, first.message_id);
    ignored.push(send('شكرا للجميع'));
    const emptyMention = send(`@${BOT}`);
    const replies = await fake.waitForMessages(chat.id, 5);
    expect(replies.map((m) => m.reply_to_message_id)).toEqual([viaAsk, viaAskAt, viaMention, viaReply, emptyMention]);
    expect(replies.some((m) => ignored.includes(m.reply_to_message_id ?? 0))).toBe(false);
    expect(covered(replies[1], 'bold')).toContain('6000');
    expect(replies[2].text).toContain('21 نونبر');
    expect(replies[4].text).toBe(t('ar').usage(`@${BOT}`));
  });
});

describe('inline mode', () => {
  it('offers up to three answers (answer as title, passage start as description) that post the answer with its source', async () => {
    const from = newUser('ar');
    const update = fake.userSendsInlineQuery({ from, query: Q_SECURITY });
    const answer = await fake.waitFor(() => fake.inlineAnswers.find((a) => a.inline_query_id === update.inline_query?.id));
    expect(answer.results.length).toBeGreaterThanOrEqual(1);
    expect(answer.results.length).toBeLessThanOrEqual(3);
    const [best] = answer.results as Array<{ title: string; description: string }>;
    expect(best.title).toContain('6000');
    expect(best.description.length).toBeGreaterThan(20);
    expect(answer.messages[0].text).toContain(`${t('ar').source}: ${HAMMOUCHI_TITLE}`);
    expect(answer.messages[0].entities.some((e) => e.type === 'bold')).toBe(true);
    expect(answer.messages.every((m) => m.text.length <= 4096)).toBe(true);
    expect(new Set(answer.results.map((r) => r.id)).size).toBe(answer.results.length);

    const empty = fake.userSendsInlineQuery({ from, query: '' });
    const help = await fake.waitFor(() => fake.inlineAnswers.find((a) => a.inline_query_id === empty.inline_query?.id));
    expect(help.results).toEqual([]);
    expect(help.button).toMatchObject({ start_parameter: 'help' });

    const none = fake.userSendsInlineQuery({ from: newUser('en'), query: 'Who won the 1998 election in Peru?' });
    const decline = await fake.waitFor(() => fake.inlineAnswers.find((a) => a.inline_query_id === none.inline_query?.id));
    expect(decline.results).toHaveLength(1);
    expect(decline.messages[0].text).toMatch(/^Sorry, my articles don't answer that\./);
  });
});

describe('rate limit', () => {
  it('a burst of 300 questions from 50 users: every allowed one answered exactly once, one notice each, then silence', async () => {
    const users = Array.from({ length: 50 }, () => newUser('ar'));
    const questions = [Q_SECURITY, Q_LUSAIL, Q_WORLD_CUP, 'متى افتتحت محطة نور؟', Q_SECURITY, Q_LUSAIL];
    const sent = new Map<number, Update[]>(users.map((u) => [u.id, []]));
    for (let round = 0; round < questions.length; round++) {
      for (const u of users) sent.get(u.id)!.push(fake.userSendsMessage({ from: u, text: questions[round] }));
    }
    const ids = new Set(users.map((u) => u.id));
    const burstMessages = () => fake.sentMessages.filter((m) => ids.has(m.chat_id));
    await fake.waitFor(() => burstMessages().length >= 50 * (RATE_LIMIT + 1) || undefined, 15_000, '250 replies');
    // Every update handled (the bot logs each), and no reply still on its way.
    await until(
      () => {
        const handled = bot.logLines().filter((l) => l.msg === 'message handled' && ids.has(l.chat as number)).length;
        return handled === 300 && ![...fake.inFlight].some((r) => r.method === 'sendMessage');
      },
      10_000,
      'all 300 updates handled and no sendMessage in flight',
      () => explain(fake, bot),
    );
    expect(burstMessages()).toHaveLength(250);
    const notice = t('ar').rateLimited(0).split(' ')[0];
    for (const u of users) {
      const updates = sent.get(u.id)!;
      const replies = fake.messagesIn(u.id);
      expect(replies.map((m) => m.reply_to_message_id)).toEqual(updates.slice(0, RATE_LIMIT + 1).map((x) => x.message?.message_id));
      for (const answer of replies.slice(0, RATE_LIMIT)) expect(answer.text).toContain(`${t('ar').source}: `);
      expect(replies[RATE_LIMIT].text.startsWith(notice)).toBe(true);
      for (const x of updates) expect(fake.deliveryCount(x)).toBe(1);
    }
  }, 30_000);
});

describe('staying up', () => {
  it('recovers from 500s, a dropped connection and a 429 while polling, and answers every question once', async () => {
    const user = newUser('ar');
    await ask(user, Q_LUSAIL); // the bot is polling again afterwards
    await fake.waitForPolling();
    fake.failNext('getUpdates', { status: 500 }).dropNext('getUpdates').failNext('getUpdates', { status: 502 });
    fake.failNext('getUpdates', { status: 429, retryAfter: 1 });
    // The hanging poll returns this one; the next four polls fail.
    const first = fake.userSendsMessage({ from: user, text: Q_SECURITY });
    await fake.waitForMessages(user.id, 2);
    await fake.waitFor(() => fake.callsTo('getUpdates').filter((r) => r.injected).length >= 2 || undefined, 5000, 'two failed polls');
    const during = fake.userSendsMessage({ from: user, text: Q_WORLD_CUP });
    const [, , late] = await fake.waitForMessages(user.id, 3, 10_000);
    expect(late.reply_to_message_id).toBe(during.message?.message_id);
    expect(late.text).toContain('21 نونبر');
    const failed = fake.callsTo('getUpdates').filter((r) => r.injected);
    expect(failed.map((r) => r.status)).toEqual([500, 0, 502, 429]);
    expect(fake.deliveryCount(first)).toBe(1);
    expect(fake.deliveryCount(during)).toBe(1);
    expect(fake.messagesIn(user.id)).toHaveLength(3);
    await bot.waitForLog((l) => l.msg === 'polling again after failures');
    const warnings = bot.logLines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('getUpdates failed'));
    expect(warnings).toHaveLength(4);
  }, 15_000);

  it('waits out a 429 on sendMessage and sends once more, showing "typing…" meanwhile', async () => {
    const user = newUser('ar');
    fake.failNext('sendMessage', { status: 429, retryAfter: 2 });
    const { update, reply } = await ask(user, Q_SECURITY);
    expect(reply.reply_to_message_id).toBe(update.message?.message_id);
    const calls = fake.callsTo('sendMessage').filter((r) => Number(r.params.chat_id) === user.id);
    expect(calls.map((r) => r.status)).toEqual([429, 200]);
    expect(fake.chatActions.filter((a) => a.chat_id === user.id).map((a) => a.action)).toContain('typing');
    await bot.waitForLog((l) => String(l.msg).includes('rate limited by Telegram; sending again in 2 s'));
  });

  it('resends as plain text when Telegram cannot parse the HTML; carries on after a 403, a 500 and a dropped send', async () => {
    const user = newUser('ar');
    fake.failNext('sendMessage', { status: 400, description: "Bad Request: can't parse entities: injected by the test" });
    const { reply } = await ask(user, Q_SECURITY);
    expect(reply.parse_mode).toBeUndefined();
    expect(reply.text).toContain('تنص على إيفاد 6000');
    expect(reply.text).toContain(`${t('ar').source}: ${HAMMOUCHI_TITLE}`);
    expect(reply.raw.text).not.toContain('<b>');

    const other = newUser('ar');
    fake.failNext('sendMessage', { status: 403 });
    fake.failNext('sendMessage', { status: 500 });
    fake.dropNext('sendMessage');
    for (const q of [Q_SECURITY, Q_LUSAIL, Q_WORLD_CUP]) fake.userSendsMessage({ from: other, text: q });
    await fake.waitFor(() => fake.callsTo('sendMessage').filter((r) => Number(r.params.chat_id) === other.id).length === 3 || undefined);
    const { reply: after } = await ask(other, Q_SECURITY);
    expect(covered(after, 'bold')).toContain('6000');
    expect(fake.messagesIn(other.id)).toHaveLength(1); // the three failed answers are not retried: never twice
    await bot.waitForLog((l) => String(l.msg).includes('not allowed (the user blocked the bot'));
  });
});

describe('logs', () => {
  it('never contain the token, even with errors that carry request URLs', () => {
    expect(bot.logLines().some((l) => l.level === 40)).toBe(true); // the failures above were logged
    expect(tokenAbsent(bot.output(), fake.token), explain(fake, bot)).toBe(true);
  });
});
