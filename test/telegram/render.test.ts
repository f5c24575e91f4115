// The pure parts of the Telegram adapter: rendering (checked with the fake's copy of Telegram's HTML parser),
// the routing rules, button data and configuration.
import { describe, expect, it } from 'vitest';

import { parseTelegramHtml } from '../fakes/telegram/html.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { t } from '../../src/chat/texts.ts';
import type { Match } from '../../src/types.ts';
import { ConfigError } from '../../src/runtime/config.ts';
import { bidi, inlineResult, MAX_MESSAGE, renderReply, type OutMessage } from '../../adapters/telegram/render.ts';
import { decodeButton, encodeButton } from '../../adapters/telegram/buttons.ts';
import { routeMessage, type IncomingMessage } from '../../adapters/telegram/route.ts';
import { telegramConfig } from '../../adapters/telegram/config.ts';
import { Outbox } from '../../adapters/telegram/send.ts';
import { silentLogger } from '../../src/runtime/log.ts';
import type { Telegram } from 'telegraf';

const NASTY = 'a <b>&amp; & "q" </blockquote> <a href="x">';

function match(over: Partial<Match> = {}): Match {
  return {
    answer: 'تنص على إيفاد 6000 من رجال الأمن إلى قطر.',
    highlight: { start: 14, end: 18 },
    passage: 'هذا وقد وقع المغرب وقطر اتفاقية تعاون. تنص على إيفاد 6000 من رجال الأمن إلى قطر.',
    passageId: 7,
    source: { id: 'a.md', title: 'Maroc Hebdo', file: 'a.md', url: 'https://example.com/a?x=1&y=2', date: '2022-05-24' },
    score: 0.9,
    ...over,
  };
}

/** Each message parses as Telegram parses it, reads as its plain text, and fits. */
function checkValid(messages: OutMessage[]): void {
  for (const m of messages) {
    const parsed = parseTelegramHtml(m.html);
    expect(parsed.text).toBe(m.text);
    expect(parsed.text.length).toBeLessThanOrEqual(MAX_MESSAGE);
    for (const b of (m.keyboard?.inline_keyboard ?? []).flat()) {
      if ('callback_data' in b) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    }
  }
}

describe('renderReply', () => {
  it('an answer: the span in bold, the title linked, the date isolated, the passage quoted, buttons', () => {
    const [m] = renderReply({ type: 'answer', lang: 'ar', question: 'كم؟', match: match(), othersKey: 'k1' });
    checkValid([m]);
    const parsed = parseTelegramHtml(m.html);
    expect(parsed.entities).toContainEqual({ type: 'bold', offset: 14, length: 4 });
    expect(m.text).toContain(`${t('ar').source}: \u2068Maroc Hebdo\u2069 (\u20682022-05-24\u2069)`);
    expect(parsed.entities.find((e) => e.type === 'text_link')?.url).toBe('https://example.com/a?x=1&y=2');
    expect(parsed.entities.some((e) => e.type === 'blockquote')).toBe(true);
    expect(m.keyboard?.inline_keyboard.flat().map((b) => b.text)).toEqual([t('ar').otherMatches]);
  });

  it('escapes every piece of article and user text', () => {
    const nasty = match({ answer: NASTY, highlight: { start: 2, end: 5 }, passage: NASTY.repeat(3), source: { id: 'x', file: 'x', title: NASTY, url: 'javascript:alert(1)', date: NASTY } });
    const replies: Reply[] = [
      { type: 'answer', lang: 'en', question: NASTY, match: nasty },
      { type: 'matches', lang: 'fr', matches: [nasty, nasty] },
      { type: 'passage', lang: 'ar', text: NASTY, source: nasty.source },
      { type: 'help', lang: 'en', text: NASTY, examples: [NASTY] },
      { type: 'sources', lang: 'en', title: NASTY, articles: [{ ...nasty.source, passages: 1 }] },
      { type: 'decline', lang: 'fr', text: NASTY },
      { type: 'notice', lang: 'ar', reason: 'error', text: NASTY },
    ];
    for (const r of replies) {
      const messages = renderReply(r, { titles: [NASTY] });
      checkValid(messages);
      expect(messages.map((m) => m.text).join('\n')).toContain('<b>&amp; &');
      expect(parseTelegramHtml(messages[0].html).entities.some((e) => e.type === 'text_link')).toBe(false); // no javascript: link
    }
    expect(renderReply({ type: 'silent' })).toEqual([]);
  });

  it('never goes over 4096: long answers, titles and passages are cut at a sentence, or split', () => {
    const sentence = 'جملة طويلة عن الطاقة الشمسية في ورزازات 😀 & <المغرب>. ';
    const huge = match({ answer: sentence.repeat(40), passage: sentence.repeat(400), source: { id: 'x', file: 'x', title: sentence.repeat(100), date: '2016-02-04' } });
    const answer = renderReply({ type: 'answer', lang: 'ar', question: 'q', match: huge, othersKey: 'k' });
    checkValid(answer);
    expect(answer).toHaveLength(1);
    expect(answer[0].keyboard?.inline_keyboard.flat().map((b) => b.text)).toEqual([t('ar').wholePassage, t('ar').otherMatches]);
    expect(answer[0].keyboard?.inline_keyboard[0][0]).toMatchObject({ callback_data: 'w:ar:7' });

    const whole = renderReply({ type: 'passage', lang: 'ar', text: huge.passage, source: huge.source });
    checkValid(whole);
    expect(whole.length).toBeGreaterThan(5);
    const quoted = whole.map((m) => parseTelegramHtml(m.html)).map((p) => p.entities.filter((e) => e.type.endsWith('blockquote')).map((e) => p.text.slice(e.offset, e.offset + e.length)).join('')).join(' ');
    expect(quoted.replace(/\s+/g, ' ').trim()).toBe(huge.passage.replace(/\s+/g, ' ').trim());

    checkValid(renderReply({ type: 'matches', lang: 'fr', matches: [huge, huge] }));
    const many = Array.from({ length: 300 }, (_, i) => ({ id: `${i}`, file: `${i}`, title: `${sentence}${i}`, passages: 1, url: `https://example.com/${i}` }));
    const sources = renderReply({ type: 'sources', lang: 'en', title: 'The articles I know:', articles: many });
    checkValid(sources);
    expect(sources.length).toBeGreaterThan(1);
    checkValid(renderReply({ type: 'decline', lang: 'ar', text: sentence.repeat(200) }));

    const inline = inlineResult({ type: 'answer', lang: 'ar', question: 'q', match: huge });
    const content = inline.input_message_content as { message_text: string };
    expect(parseTelegramHtml(content.message_text).text.length).toBeLessThanOrEqual(MAX_MESSAGE);
  });

  it('random text with markup characters, Arabic, emoji and controls always renders valid and within the limit', () => {
    const alphabet = ['<', '>', '&', '"', "'", 'a', 'م', 'ر', ' ', '\n', '😀', '.', '؟', '1', '&amp;', '<b>', '\u200f'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const text = (len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let i = 0; i < 200; i++) {
      const answer = text(1 + rnd(400));
      const start = rnd(answer.length);
      const m = match({ answer, highlight: { start, end: start + rnd(answer.length - start + 1) }, passage: text(1 + rnd(6000)), source: { id: 'x', file: 'x', title: text(1 + rnd(500)), date: text(rnd(12)) } });
      checkValid(renderReply({ type: 'answer', lang: (['ar', 'fr', 'en'] as const)[i % 3], question: 'q', match: m, othersKey: 'k' }));
      checkValid(renderReply({ type: 'matches', lang: 'ar', matches: [m, m] }));
      checkValid(renderReply({ type: 'passage', lang: 'ar', text: m.passage, source: m.source }));
    }
  });

  it('isolates the titles a decline names, whole or shortened by the chat service', () => {
    const long = 'محطة نور للطاقة الشمسية في ورزازات تنتج الكهرباء النظيفة لآلاف البيوت وتقلل انبعاثات الكربون بشكل كبير';
    const text = `Ils parlent de : مجلة ماروك إيبدو ; ${long.slice(0, 60).trimEnd()}… ; Maroc Hebdo.`;
    const shown = `${long.slice(0, 60).trimEnd()}…`;
    const [m] = renderReply({ type: 'decline', lang: 'fr', text, topics: ['مجلة ماروك إيبدو', shown, 'Maroc Hebdo', 'absent'] });
    expect(m.text).toBe(`Ils parlent de : \u2068مجلة ماروك إيبدو\u2069 ; \u2068${long.slice(0, 60).trimEnd()}…\u2069 ; Maroc Hebdo.`);
    const [ar] = renderReply({ type: 'decline', lang: 'ar', text: 'ما لدي يتناول: مجلة ماروك إيبدو؛ Maroc Hebdo.', topics: ['مجلة ماروك إيبدو', 'Maroc Hebdo'] });
    expect(ar.text).toBe('ما لدي يتناول: مجلة ماروك إيبدو؛ \u2068Maroc Hebdo\u2069.');
  });

  it('isolates text whose direction differs from the reader’s, and numbers in Arabic', () => {
    expect(bidi('2022-05-24', 'ar')).toBe('\u20682022-05-24\u2069');
    expect(bidi('Maroc Hebdo', 'ar')).toBe('\u2068Maroc Hebdo\u2069');
    expect(bidi('ماروك إيبدو', 'ar')).toBe('ماروك إيبدو');
    expect(bidi('ماروك إيبدو', 'fr')).toBe('\u2068ماروك إيبدو\u2069');
    expect(bidi('Maroc Hebdo', 'en')).toBe('Maroc Hebdo');
  });
});

describe('buttons', () => {
  it('round-trip through callback data of at most 64 bytes; unknown data is refused', () => {
    for (const action of [
      { kind: 'passage', lang: 'ar', passageId: 123456 },
      { kind: 'others', lang: 'fr', key: 'zz9' },
    ] as const) {
      const data = encodeButton(action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeButton(data)).toEqual(action);
    }
    for (const bad of [undefined, '', 'w:xx:1', 'w:ar:abc', 'q:ar:1', 'o:ar:', 'o:ar:a:b']) expect(decodeButton(bad)).toBeUndefined();
  });
});

describe('routeMessage', () => {
  const me = { id: 700, username: 'sanad_test_bot' };
  const group = { id: -5, type: 'supergroup' };
  const msg = (over: Partial<IncomingMessage>): IncomingMessage => ({ message_id: 1, chat: { id: 9, type: 'private' }, ...over });
  const cmd = (_text: string, length: number) => [{ type: 'bot_command', offset: 0, length }];

  it('private: text is a question, commands are commands, media gets a note', () => {
    expect(routeMessage(msg({ text: 'متى؟' }), me)).toMatchObject({ kind: 'ask', usage: '/ask' });
    expect(routeMessage(msg({ text: '/start', entities: cmd('/start', 6) }), me)).toEqual({ kind: 'start' });
    expect(routeMessage(msg({ text: '/help@Sanad_Test_Bot', entities: cmd('', 20) }), me)).toEqual({ kind: 'help' });
    expect(routeMessage(msg({ text: '/weird', entities: cmd('', 6) }), me)).toEqual({ kind: 'help' });
    expect(routeMessage({ ...msg({}), sticker: {} } as IncomingMessage, me)).toEqual({ kind: 'not_text' });
    expect(routeMessage({ ...msg({}), new_chat_title: 'x' } as IncomingMessage, me)).toMatchObject({ kind: 'ignore' });
  });

  it('groups: /ask, /ask@bot, mentions, replies to the bot; not other bots’ commands or other chatter', () => {
    expect(routeMessage(msg({ chat: group, text: '/ask متى؟', entities: cmd('', 4) }), me)).toMatchObject({ kind: 'ask', read: { commands: ['/ask'] } });
    expect(routeMessage(msg({ chat: group, text: '/ask@sanad_test_bot متى؟', entities: cmd('', 19) }), me)).toMatchObject({ kind: 'ask' });
    expect(routeMessage(msg({ chat: group, text: '/ask@other_bot متى؟', entities: cmd('', 14) }), me)).toMatchObject({ kind: 'ignore' });
    expect(routeMessage(msg({ chat: group, text: 'hi @Sanad_Test_Bot متى؟', entities: [{ type: 'mention', offset: 3, length: 15 }] }), me)).toMatchObject({
      kind: 'ask',
      read: { mentions: ['@Sanad_Test_Bot'] },
      usage: '@sanad_test_bot',
    });
    expect(routeMessage(msg({ chat: group, text: 'thanks', reply_to_message: { from: { id: 700 } } }), me)).toMatchObject({ kind: 'ask' });
    expect(routeMessage(msg({ chat: group, text: 'thanks', reply_to_message: { from: { id: 1 } } }), me)).toMatchObject({ kind: 'ignore' });
    expect(routeMessage(msg({ chat: group, text: 'hello @sanad_test_bots' }), me)).toMatchObject({ kind: 'ignore' });
    expect(routeMessage(msg({ chat: group, text: '/unknown', entities: cmd('', 8) }), me)).toMatchObject({ kind: 'ignore' });
    expect(routeMessage({ ...msg({ chat: group }), photo: [] } as IncomingMessage, me)).toMatchObject({ kind: 'ignore' });
  });
});

describe('telegramConfig', () => {
  const token = '123456:AAbbccddeeffgghhiijjkkll_-';
  it('reads the variables with their defaults', () => {
    expect(telegramConfig({ TELEGRAM_BOT_TOKEN: token })).toEqual({ token, apiRoot: undefined, editedMessages: 'answer', startAttempts: 8 });
    const c = telegramConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: 'https://bots.example.com/tg', TELEGRAM_EDITED_MESSAGES: 'Ignore', TELEGRAM_START_ATTEMPTS: '3' });
    expect(c).toMatchObject({ apiRoot: 'https://bots.example.com/tg/', editedMessages: 'ignore', startAttempts: 3 });
    expect(telegramConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081' }).apiRoot).toBe('http://127.0.0.1:8081/');
  });

  it('refuses wrong values, naming the variable and never showing the token', () => {
    const error = (env: Record<string, string>) => {
      try {
        telegramConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(error({ TELEGRAM_BOT_TOKEN: 'not a token AAbbccddeeffgghhiijjkk' })).toBe(
      'TELEGRAM_BOT_TOKEN: expected the token @BotFather gave you (digits, a colon, then letters), got "(hidden)"',
    );
    expect(error({})).toMatch(/^TELEGRAM_BOT_TOKEN: expected/);
    expect(error({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: 'ftp://x/' })).toMatch(/^TELEGRAM_API_ROOT: expected an http/);
    expect(error({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: 'https://x.example/?a=1' })).toMatch(/^TELEGRAM_API_ROOT: expected a Bot API server address/);
    expect(error({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_EDITED_MESSAGES: 'sometimes' })).toMatch(/^TELEGRAM_EDITED_MESSAGES: expected one of answer, ignore/);
  });
});

describe('Outbox.sendAll', () => {
  it('replies with the first message only, keeps a forum topic, and never sends a message twice', async () => {
    const calls: Array<{ chat: number; text: string; extra: Record<string, unknown> }> = [];
    const telegram = {
      sendMessage: async (chat: number, text: string, extra: Record<string, unknown>) => {
        calls.push({ chat, text, extra });
        return { message_id: calls.length };
      },
    } as unknown as Telegram;
    const outbox = new Outbox(telegram, silentLogger());
    const parts = renderReply({ type: 'passage', lang: 'ar', text: 'جملة. '.repeat(1500), source: match().source });
    await outbox.sendAll(-100, parts, 42, 7);
    expect(calls.length).toBe(parts.length);
    expect(calls.map((c) => (c.extra.reply_parameters as { message_id?: number } | undefined)?.message_id)).toEqual([42, ...Array(parts.length - 1).fill(undefined)]);
    expect(calls.every((c) => c.extra.message_thread_id === 7 && c.extra.parse_mode === 'HTML')).toBe(true);
  });
});
