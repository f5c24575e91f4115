/**
 * The Discord rendering, commands, autocomplete choices, button ids, config
 * and error wording, as pure functions: Discord's limits, markdown escaping,
 * bidi marks and `allowed_mentions`.
 */
import { describe, expect, it } from 'vitest';
import type { Match } from '../../src/types.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { t } from '../../src/chat/texts.ts';
import { ConfigError } from '../../src/runtime/config.ts';
import {
  LIMITS,
  answerEmbed,
  embedTotal,
  embedsAsText,
  fitTotal,
  interactionOptions,
  messageOptions,
  renderReply,
  safeUrl,
  sourcesEmbed,
  textMessage,
} from '../../adapters/discord/render.ts';
import { directional, escapeMarkdown, fit } from '../../adapters/discord/text.ts';
import { questionChoices } from '../../adapters/discord/autocomplete.ts';
import { othersButtonId, parseCustomId, passageButtonId } from '../../adapters/discord/custom-ids.ts';
import { commandDefinitions } from '../../adapters/discord/commands.ts';
import { discordConfig } from '../../adapters/discord/config.ts';
import { loginFailure, routeOf } from '../../adapters/discord/errors.ts';
import { DISCORD_LOCALES } from '../fakes/discord/server.ts';

const RLM = '\u200F';
const FSI = '\u2068';
const PDI = '\u2069';

function match(over: Partial<Match> = {}): Match {
  const answer = over.answer ?? 'ستقام المباريات من 21 نونبر إلى 18 دجنبر في قطر.';
  return {
    answer,
    highlight: { start: answer.indexOf('21'), end: answer.indexOf(' في') },
    passage: `مقدمة الفقرة. ${answer} خاتمة الفقرة.`,
    passageId: 7,
    source: { id: 'a.md', file: 'a.md', title: 'كأس العالم في قطر', url: 'https://example.com/qatar', date: '2022-05-24' },
    score: 0.9,
    ...over,
  };
}

/** Markdown markers that are not backslash-escaped (ignoring the bold and quote Sanad adds itself). */
function unescaped(md: string): string[] {
  const plain = md.replace(/^> /gm, '').replace(/(?<!\\)\*\*/g, '');
  return [...plain.matchAll(/(?<!\\)[*_~`|<>[\]]/g)].map((m) => m[0]);
}

describe('answer embed', () => {
  it('title linked to the URL, the answering span in bold, the passage quoted, the date isolated', () => {
    const e = answerEmbed(match(), 'ar');
    expect(e.title).toBe('كأس العالم في قطر');
    expect(e.url).toBe('https://example.com/qatar');
    expect(e.description).toBe('ستقام المباريات من **21 نونبر إلى 18 دجنبر** في قطر.');
    expect(e.fields).toEqual([
      { name: t('ar').passage, value: `> مقدمة الفقرة. ستقام المباريات من 21 نونبر إلى 18 دجنبر في قطر. خاتمة الفقرة.` },
      { name: t('ar').date, value: `${FSI}2022-05-24${PDI}`, inline: true },
    ]);
  });

  it('an answer that is the whole passage is shown once, quoted, with its span in bold; no URL → no link', () => {
    const m = match({ source: { id: 'a', file: 'a', title: 'T' } });
    m.passage = m.answer;
    const e = answerEmbed(m, 'en');
    expect(e.url).toBeUndefined();
    expect(e.fields).toBeUndefined();
    expect(e.description).toBe('> ستقام المباريات من **21 نونبر إلى 18 دجنبر** في قطر.');
  });

  it('article markdown cannot format: * _ ~ ` | > # - [ ] < and @everyone are neutralised', () => {
    const nasty = '*bold* _it_ ~~gone~~ `code` ||spoiler|| [link](https://evil.example) <@123> <#456> @everyone @here';
    const m = match({ answer: nasty, highlight: { start: 0, end: 6 }, passage: `# Heading\n- item\n1. first\n> quoted\n-# small\n${nasty}` });
    m.source = { ...m.source, title: '**Title** with _marks_' };
    const e = answerEmbed(m, 'en');
    expect(e.description!.startsWith('**\\*bold\\***')).toBe(true);
    for (const text of [e.title!, e.description!, e.fields![0].value]) expect(unescaped(text)).toEqual([]);
    const passage = e.fields![0].value.split('\n');
    expect(passage.slice(0, 5)).toEqual(['> \\# Heading', '> \\- item', '> 1\\. first', '> \\> quoted', '> \\-# small']);
    expect(e.description).toContain('@\u200beveryone');
    expect(e.description).toContain('@\u200bhere');
  });

  it('stays within Discord limits: title 256, description 4096, field 1024, total 6000; cut at a sentence with an ellipsis', () => {
    const sentence = 'هذه جملة طويلة من المقال تتكرر كثيرا لتملأ الفقرة. ';
    const long = sentence.repeat(400);
    const m = match({ answer: sentence.repeat(100), highlight: undefined, passage: long });
    m.source = { ...m.source, title: 'ع'.repeat(300) };
    const e = answerEmbed(m, 'ar');
    expect(e.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(e.fields![0].value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(e.fields![0].value).toMatch(/الفقرة\.…$/);
    expect(embedTotal([e])).toBeLessThanOrEqual(LIMITS.embedTotal);
    // Escaping makes text longer: the cut allows for it.
    const stars = match({ answer: 'x', highlight: undefined, passage: '*'.repeat(3000) });
    const value = answerEmbed(stars, 'ar').fields![0].value;
    expect(value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(value.endsWith('…')).toBe(true);
    expect(unescaped(value)).toEqual([]);
  });

  it('several long embeds are shortened to fit the 6,000 total', () => {
    const big = () => ({ title: 't', description: 'd'.repeat(4000), fields: [{ name: 'n', value: 'v'.repeat(1000) }] });
    const embeds = fitTotal([big(), big()]);
    expect(embedTotal(embeds)).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('an Arabic line opening with Latin text or a number gets a right-to-left mark; Latin text keeps its direction', () => {
    expect(directional('Maroc Hebdo قالت إن المغرب سيرسل 6000 رجل أمن')).toBe(`${RLM}Maroc Hebdo قالت إن المغرب سيرسل 6000 رجل أمن`);
    expect(directional('> 2022: قطر تستضيف كأس العالم')).toBe('> 2022: قطر تستضيف كأس العالم'); // first strong is Arabic already
    expect(directional('> Maroc Hebdo: المجلة المغربية تكتب عن الأمن')).toBe(`> ${RLM}Maroc Hebdo: المجلة المغربية تكتب عن الأمن`);
    expect(directional('Sorry, my articles do not answer that.')).toBe('Sorry, my articles do not answer that.');
    // Isolated runs do not count: a French sentence naming long Arabic titles stays left to right.
    const fr = `Désolé. Ils parlent de : ${FSI}${'عنوان مقال طويل جدا '.repeat(4)}${PDI}.`;
    expect(directional(fr)).toBe(fr);
  });
});

describe('other replies', () => {
  const opts = { usage: '/ask', titles: ['كأس العالم في قطر'] };
  const replies: Reply[] = [
    { type: 'answer', lang: 'ar', question: 'q', match: match(), othersKey: 'k1' },
    { type: 'matches', lang: 'fr', matches: [match(), match({ passageId: 9 })] },
    { type: 'passage', lang: 'ar', text: 'الفقرة كاملة هنا.', source: match().source },
    { type: 'decline', lang: 'en', text: t('en').notCovered(['كأس العالم في قطر']) },
    { type: 'help', lang: 'ar', text: t('ar').help, examples: ['متى سيقام كأس العالم في قطر؟'] },
    { type: 'sources', lang: 'ar', title: t('ar').sourcesTitle, articles: [{ ...match().source, passages: 3 }] },
    { type: 'notice', lang: 'fr', reason: 'rate_limited', text: t('fr').rateLimited(30) },
  ];

  it('every message has allowed_mentions { parse: [] }; only notices are ephemeral by themselves', () => {
    for (const r of replies) {
      const msg = renderReply(r, opts)!;
      expect(msg.allowedMentions).toEqual({ parse: [] });
      expect(messageOptions(msg).allowedMentions).toEqual({ parse: [] });
      expect(interactionOptions(msg).allowedMentions).toEqual({ parse: [] });
      expect(msg.ephemeral).toBe(r.type === 'notice');
      expect('flags' in messageOptions({ ...msg, ephemeral: true })).toBe(false);
      expect(interactionOptions({ ...msg, ephemeral: true }).flags).toBe(64);
    }
    expect(renderReply({ type: 'silent' }, opts)).toBeNull();
  });

  it('answer buttons: whole passage and other matches, ids carrying the passage id and the others key', () => {
    const msg = renderReply(replies[0], opts)!;
    const buttons = msg.components![0].components;
    expect(buttons.map((b) => [b.custom_id, b.label])).toEqual([
      ['sanad:p:7:ar', t('ar').wholePassage],
      ['sanad:o:k1:ar', t('ar').otherMatches],
    ]);
    const withoutOthers = renderReply({ type: 'answer', lang: 'ar', question: 'q', match: match() }, opts)!;
    expect(withoutOthers.components![0].components).toHaveLength(1);
  });

  it('matches: one embed each with a whole-passage button each', () => {
    const msg = renderReply(replies[1], opts)!;
    expect(msg.embeds).toHaveLength(2);
    expect(msg.components![0].components.map((b) => b.custom_id)).toEqual(['sanad:p:7:fr', 'sanad:p:9:fr']);
  });

  it('a decline keeps the Arabic title in its own direction inside an English sentence', () => {
    const msg = renderReply(replies[3], opts)!;
    expect(msg.content).toBe(`Sorry, my articles don't answer that. They cover: ${FSI}كأس العالم في قطر${PDI}.`);
    const long = 'عنوان مقال طويل جدا عن كأس العالم في قطر وعن الأمن';
    const fr = renderReply({ type: 'decline', lang: 'fr', text: t('fr').notCovered([long]) }, { usage: '/ask', titles: [long] })!;
    expect(fr.content).toBe(t('fr').notCovered([`${FSI}${long}${PDI}`])); // no right-to-left mark in front
  });

  it('a decline isolates the headlines the chat service shortened (the reply names them)', () => {
    const full = 'عنوان طويل جدا '.repeat(10).trim();
    const cut = full.slice(0, 60) + '…';
    const msg = renderReply({ type: 'decline', lang: 'en', text: t('en').notCovered([cut]), topics: [cut] }, { usage: '/ask', titles: [full] })!;
    expect(msg.content).toContain(`${FSI}${cut}${PDI}`);
  });

  it('help shows how to ask with the command isolated, and the example questions', () => {
    const msg = renderReply(replies[4], { usage: '@Sanad' })!;
    expect(msg.embeds![0].description).toContain(t('ar').usage(`${FSI}@Sanad${PDI}`));
    expect(msg.embeds![0].description).toContain('• متى سيقام كأس العالم في قطر؟');
  });

  it('sources: titles linked, dates isolated, a long list cut within 4096', () => {
    const e = sourcesEmbed('Articles', [{ id: 'a', file: 'a', title: 'A [1]', url: 'https://example.com/a_(b)', date: '2024-01-02', passages: 1 }]);
    expect(e.description).toBe(`• [A \\[1\\]](https://example.com/a_%28b%29) — ${FSI}2024-01-02${PDI}`);
    const many = Array.from({ length: 200 }, (_, i) => ({ id: `${i}`, file: `${i}`, title: `عنوان المقال رقم ${i} `.repeat(3), url: `https://example.com/${i}`, passages: 1 }));
    const big = sourcesEmbed('Articles', many);
    expect(big.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(big.description).toMatch(/• … \(\+\d+\)$/);
  });

  it('plain text: escaped, within 2000 characters, cut at a sentence', () => {
    const msg = textMessage('Une phrase *importante*. '.repeat(200), true);
    expect(msg.content!.length).toBeLessThanOrEqual(LIMITS.content);
    expect(msg.content).toMatch(/\\\*importante\\\*\.…$/);
  });

  it('where embeds are not allowed, an answer becomes text within 2000 characters', () => {
    const msg = embedsAsText(renderReply(replies[0], opts)!);
    expect(msg.embeds).toBeUndefined();
    expect(msg.content).toContain('**21 نونبر إلى 18 دجنبر**');
    expect(msg.content).toContain('<https://example.com/qatar>');
    const long = embedsAsText(renderReply({ type: 'answer', lang: 'ar', question: 'q', match: match({ passage: 'جملة. '.repeat(2000) }) }, opts)!);
    expect(long.content!.length).toBeLessThanOrEqual(LIMITS.content);
  });

  it('only http(s) URLs become links', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
  });

  it('fit never exceeds its limit', () => {
    for (const max of [1, 5, 50, 300]) expect(fit('a*b_c '.repeat(100), max, escapeMarkdown).length).toBeLessThanOrEqual(max);
  });
});

describe('autocomplete choices', () => {
  const suggest = (p: string, n: number) => Array.from({ length: 40 }, (_, i) => `${p} suggestion ${i}`).slice(0, n);

  it('the typed text first, then suggestions; at most 25; 1–100 characters; no duplicates', () => {
    const choices = questionChoices('  حموشى  ', suggest);
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: 'حموشى', value: 'حموشى' });
    expect(new Set(choices.map((c) => c.value)).size).toBe(25);
    const long = questionChoices('x'.repeat(150), () => ['y'.repeat(150), 'z']);
    expect(long.map((c) => c.value.length)).toEqual([100, 1]);
    expect(long[0].name).toMatch(/…$/);
    for (const c of long) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(questionChoices('', () => [])).toEqual([]);
    expect(questionChoices('same', () => ['same', 'other'])).toEqual([
      { name: 'same', value: 'same' },
      { name: 'other', value: 'other' },
    ]);
  });
});

describe('commands, ids, config, errors', () => {
  it('commands: /ask (question with autocomplete), /sources, /help; Arabic defaults; fr, en-US, en-GB localisations', () => {
    const defs = commandDefinitions();
    expect(defs.map((d) => d.name)).toEqual(['ask', 'sources', 'help']);
    for (const d of defs) {
      expect(Object.keys(d.nameLocalizations!)).toEqual(['fr', 'en-US', 'en-GB']);
      for (const k of Object.keys(d.descriptionLocalizations!)) expect(DISCORD_LOCALES).toContain(k);
      expect(d.description.length).toBeLessThanOrEqual(100);
    }
    expect(defs[0].description).toBe(t('ar').commands.ask);
    expect(defs[0].descriptionLocalizations).toEqual({ fr: t('fr').commands.ask, 'en-US': t('en').commands.ask, 'en-GB': t('en').commands.ask });
    expect(defs[0].options).toMatchObject([{ name: 'question', required: true, autocomplete: true, description: t('ar').commands.questionOption }]);
  });

  it('button ids round-trip and stay under 100 characters', () => {
    expect(parseCustomId(passageButtonId(12, 'fr'))).toEqual({ kind: 'passage', passageId: 12, lang: 'fr' });
    expect(parseCustomId(othersButtonId('1z', 'en'))).toEqual({ kind: 'others', key: '1z', lang: 'en' });
    expect(parseCustomId('something-else')).toBeUndefined();
    expect(passageButtonId(Number.MAX_SAFE_INTEGER, 'ar').length).toBeLessThanOrEqual(100);
  });

  it('config: token required and bare; guild id digits; API base without /v10', () => {
    expect(discordConfig({ DISCORD_TOKEN: 'abc.def.ghi' })).toEqual({ token: 'abc.def.ghi' });
    expect(discordConfig({ DISCORD_TOKEN: 'a.b.c', DISCORD_GUILD_ID: '123456789012345678', DISCORD_API_BASE: 'http://127.0.0.1:9/api/' })).toEqual({
      token: 'a.b.c',
      guildId: '123456789012345678',
      apiBase: 'http://127.0.0.1:9/api',
    });
    expect(() => discordConfig({})).toThrow(ConfigError);
    expect(() => discordConfig({ DISCORD_TOKEN: 'Bot abc.def' })).toThrow(/without "Bot "/);
    expect(() => discordConfig({ DISCORD_TOKEN: 'a', DISCORD_GUILD_ID: 'my-server' })).toThrow(/DISCORD_GUILD_ID: expected a server id/);
    expect(() => discordConfig({ DISCORD_TOKEN: 'a', DISCORD_API_BASE: 'https://discord.com/api/v10' })).toThrow(/without the API version/);
    expect(() => discordConfig({ DISCORD_TOKEN: 'a', DISCORD_API_BASE: 'ftp://x' })).toThrow(/DISCORD_API_BASE/);
  });

  it('login failures are one line that says what to do', () => {
    const invalid = Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' });
    expect(loginFailure(invalid, undefined)).toMatch(/^discord: DISCORD_TOKEN was refused: Discord says the token is invalid\./);
    expect(loginFailure(new Error('Used disallowed intents'), undefined)).toMatch(/Used disallowed intents.*none of them privileged/);
    expect(loginFailure(new Error('connect ECONNREFUSED 127.0.0.1:4011\n  at x'), 'http://127.0.0.1:4011/api')).toBe(
      'discord: could not log in through http://127.0.0.1:4011/api: connect ECONNREFUSED 127.0.0.1:4011 at x',
    );
    for (const e of [invalid, new Error('a\nb')]) expect(loginFailure(e, undefined)).not.toContain('\n');
  });

  it('REST failures are logged without interaction or webhook tokens', () => {
    expect(routeOf('http://127.0.0.1:1/api/v10/interactions/123/SECRET/callback')).toBe('/api/v10/interactions/123/[token]/callback');
    expect(routeOf('/webhooks/55/SECRET/messages/@original')).toBe('/webhooks/55/[token]/messages/@original');
  });
});
