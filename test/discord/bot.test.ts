/**
 * Sanad on Discord, end to end: `node bin/sanad.js start` (as `npm start`
 * runs it) with the real, unmodified discord.js, against the fake Discord
 * REST API and gateway of test/fakes/discord on 127.0.0.1. One bot process
 * serves the whole file; each test plays its own users so that the rate
 * limit (5 questions a minute here) never mixes them up.
 *
 * The knowledge is the bundled article plus a small article written here
 * with a URL, a date, markdown in its title and "@everyone" in its text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, Permissions, type FakeMessage, type FakeUser } from '../fakes/discord/server.ts';
import { t } from '../../src/chat/texts.ts';
import { buttonsOf, knowledgeDir, repliesTo, replyTo, startBot, textOf, type BotProcess } from './helpers.ts';

const FSI = '\u2068';
const PDI = '\u2069';
const BUNDLED_TITLE = 'مجلة ”ماروك إيبدو”: ”عبد اللطيف حموشي ورجاله يستعدون لتأمين مونديال قطر”';
const TIGHALINE = `---
title: 'تقرير *خاص*: محطة تحلية المياه في تيغالين'
lang: ar
url: https://example.com/news/tighaline_(2024)
date: 2024-03-15
---

افتتحت مدينة تيغالين محطة لتحلية مياه البحر يوم 15 مارس 2024 بطاقة إنتاجية تبلغ 5000 متر مكعب يوميا.

قال مدير المحطة إن المشروع كلف 12 مليون دولار، وكتب في رسالة إلى @everyone أن المرحلة الثانية ستبدأ سنة 2026 وأن الماء حق للجميع.
`;
const Q = {
  when: 'متى سيقام كأس العالم في قطر؟',
  howMany: 'كم عدد رجال الأمن المغاربة الذين سيتم إيفادهم إلى قطر؟',
  lusail: 'متى زار حموشي ملعب لوسيل؟',
  opened: 'متى افتتحت محطة تحلية المياه في تيغالين؟',
  cost: 'كم كلف مشروع محطة التحلية؟',
  unanswerable: 'ما هي عاصمة اليابان؟',
};

let fake: FakeDiscord;
let bot: BotProcess;
let knowledge: ReturnType<typeof knowledgeDir>;
let users = 0;
/** A user nobody else in this file plays. */
const newUser = (locale = 'en-US'): FakeUser => fake.user(`user-${++users}`, { locale });

function ask(user: FakeUser, question: string, channel = 'general'): string {
  return fake.userRunsSlashCommand({ user, channelId: fake.channelId(channel), name: 'ask', options: { question } });
}

function mention(user: FakeUser, content: string, extra: { channel?: string; attachments?: Array<{ filename: string; data?: string }> } = {}): string {
  return fake.userSendsMessage({ user, channelId: fake.channelId(extra.channel ?? 'general'), content, mentionsBot: true, ...(extra.attachments ? { attachments: extra.attachments } : {}) });
}

/** Nobody is pinged by a bot message, and mentions were disabled when it was sent. */
function expectNoPing(m: FakeMessage): void {
  expect(m.allowed_mentions).toEqual({ parse: [] });
  expect(m.mentions).toEqual([]);
  expect(m.mention_roles).toEqual([]);
  expect(m.mention_everyone).toBe(false);
}

beforeAll(async () => {
  knowledge = knowledgeDir({ 'tighaline.ar.md': TIGHALINE });
  fake = await FakeDiscord.start({
    heartbeatIntervalMs: 1000,
    guilds: [{ name: 'Sanad Test Guild', channels: [{ name: 'general' }, { name: 'news' }, { name: 'no-embeds', botDeny: Permissions.EmbedLinks }] }],
  });
  bot = await startBot(fake, { DISCORD_GUILD_ID: fake.guildId, SANAD_KNOWLEDGE_DIR: knowledge.dir, SANAD_RATE_LIMIT: '5', SANAD_RATE_WINDOW_SECONDS: '60' });
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await fake?.close();
  knowledge?.cleanup();
});

describe('start-up', () => {
  it('registers /ask, /sources and /help in DISCORD_GUILD_ID with French and English localisations, Arabic by default', () => {
    expect(fake.commands.global).toEqual([]);
    const cmds = fake.commands.guilds[fake.guildId];
    expect(cmds.map((c) => c.name)).toEqual(['ask', 'sources', 'help']);
    const ask = cmds[0];
    expect(ask.description).toBe(t('ar').commands.ask);
    expect(ask.name_localizations).toEqual({ fr: 'demander', 'en-US': 'ask', 'en-GB': 'ask' });
    expect(ask.description_localizations).toEqual({ fr: t('fr').commands.ask, 'en-US': t('en').commands.ask, 'en-GB': t('en').commands.ask });
    expect(ask.options).toMatchObject([
      { type: 3, name: 'question', required: true, autocomplete: true, description: t('ar').commands.questionOption, description_localizations: { fr: t('fr').commands.questionOption } },
    ]);
    expect(cmds[1].description_localizations).toMatchObject({ fr: t('fr').commands.sources, 'en-US': t('en').commands.sources });
    expect(cmds[2].name_localizations).toMatchObject({ fr: 'aide' });
    // Only non-privileged intents: Guilds | GuildMessages | DirectMessages.
    expect(fake.gatewayIdentifies[0].d.intents).toBe((1 << 0) | (1 << 9) | (1 << 12));
  });
});

describe('/ask', () => {
  it('answers in the channel with an embed: title, the answer with its span in bold, the quoted passage; buttons; no mentions', async () => {
    const id = ask(newUser(), Q.lusail);
    const reply = await fake.waitForReply(id);
    expect(reply.ephemeral).toBe(false);
    expect(fake.interactionResponses(id).map((r) => [r.kind, r.type, r.status])).toEqual([['callback', 4, 204]]);
    expectNoPing(reply);
    const [embed] = reply.embeds;
    expect(embed.title).toBe(BUNDLED_TITLE);
    expect(embed.description).toContain('يقوم بزيارة ملعب “لوسيل”');
    expect(embed.description).toMatch(/\*\*[^*]+\*\*/);
    expect(embed.fields[0].name).toBe(t('ar').passage);
    // The passage opens with the clause it shares with the passage before it, then the reception on 24 May.
    expect(embed.fields[0].value).toMatch(/^> حيث أعجب هذا الأخير بتجربة المغرب/);
    expect(buttonsOf(reply).map((b) => b.label)).toEqual([t('ar').wholePassage, t('ar').otherMatches]);
  });

  it('links the title of an article with a URL, shows its date, and escapes the markdown of its title', async () => {
    const reply = await fake.waitForReply(ask(newUser(), Q.opened));
    const [embed] = reply.embeds;
    expect(embed.title).toBe('تقرير \\*خاص\\*: محطة تحلية المياه في تيغالين');
    expect(embed.url).toBe('https://example.com/news/tighaline_%282024%29');
    expect(embed.fields).toContainEqual({ name: t('ar').date, value: `${FSI}2024-03-15${PDI}`, inline: true });
    expect(embed.description).toContain('**15 مارس 2024**');
  });

  it('a question or an article containing @everyone pings nobody', async () => {
    const other = newUser();
    const fromQuestion = await fake.waitForReply(ask(newUser(), `@everyone @here <@${other.id}> ${Q.cost}`));
    expectNoPing(fromQuestion);
    // The passage itself says "@everyone": shown defused, never a ping.
    expect(textOf(fromQuestion)).toContain('@\u200beveryone');
    expect(textOf(fromQuestion)).not.toMatch(/@everyone/);
    const viaMention = await replyTo(fake, mention(newUser(), `@everyone <@${other.id}> ${Q.cost}`));
    expectNoPing(viaMention);
    expect(fake.message(viaMention.message_reference!.message_id!)!.mentions.map((u) => u.id)).toContain(other.id); // the user's own message did mention them
  });

  it('a question the articles do not cover gets a short polite decline naming what they cover (not ephemeral)', async () => {
    const reply = await fake.waitForReply(ask(newUser(), Q.unanswerable));
    expect(reply.embeds).toEqual([]);
    expect(reply.ephemeral).toBe(false);
    expect(reply.content).toBe(t('ar').notCovered([`${FSI}${BUNDLED_TITLE}${PDI}`, `${FSI}تقرير \\*خاص\\*: محطة تحلية المياه في تيغالين${PDI}`]));
    expectNoPing(reply);
  });

  it('too long → a polite ephemeral limit notice; nothing asked → ephemeral usage help', async () => {
    const long = await fake.waitForReply(ask(newUser(), 'سؤال '.repeat(120)));
    expect(long).toMatchObject({ ephemeral: true, content: t('ar').tooLong(500) });
    const empty = await fake.waitForReply(ask(newUser('fr'), '؟؟ ...'));
    expect(empty.ephemeral).toBe(true);
    expect(empty.embeds[0].description).toContain(t('fr').usage(`${FSI}/ask${PDI}`));
    expectNoPing(long);
    expectNoPing(empty);
  });
});

describe('autocomplete', () => {
  async function choices(value: string): Promise<Array<{ name: string; value: string }>> {
    const id = fake.userTypesAutocomplete({ user: newUser(), channelId: fake.channelId('general'), name: 'ask', focusedOption: 'question', value });
    const got = await fake.waitFor(() => fake.autocompleteChoices(id));
    expect(fake.interactionResponses(id).map((r) => [r.type, r.status])).toEqual([[8, 204]]);
    expect(got.length).toBeLessThanOrEqual(25);
    for (const c of got) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    return got;
  }

  it('offers the typed text, then matching suggestions, also for misspelt Arabic', async () => {
    // ى for ي at the end of the name.
    const hammouchi = await choices('حموشى');
    expect(hammouchi[0]).toEqual({ name: 'حموشى', value: 'حموشى' });
    expect(hammouchi.map((c) => c.value)).toContain('عبد اللطيف حموشي');
    // One letter missing.
    expect((await choices('لوسل')).map((c) => c.value)).toContain('لوسيل');
    // Without the hamza.
    expect((await choices('كاس العالم')).map((c) => c.value)).toContain(Q.when);
  });

  it('with nothing typed yet, offers example questions; never more than 25', async () => {
    const got = await choices('');
    expect(got.length).toBeGreaterThan(0);
    expect(got.map((c) => c.value)).toContain(Q.when);
  });
});

describe('messages', () => {
  it('a mention in a channel is answered as a reply', async () => {
    const uid = mention(newUser(), Q.howMany);
    const reply = await replyTo(fake, uid);
    expect(reply.type).toBe(19);
    expect(reply.channel_id).toBe(fake.channelId('general'));
    expect(reply.embeds[0].description).toContain('**6000**');
    expectNoPing(reply);
  });

  it('a direct message is a question', async () => {
    const user = newUser();
    const uid = fake.userSendsMessage({ user, dm: true, content: Q.when });
    const reply = await replyTo(fake, uid);
    expect(reply.channel_id).toBe(fake.dmChannelId(user));
    expect(reply.embeds[0].description).toContain('**21 نونبر إلى 18 دجنبر**');
    expectNoPing(reply);
  });

  it('a message that does not mention the bot gets no reply (not even with @everyone)', async () => {
    const user = newUser();
    const plain = fake.userSendsMessage({ user, channelId: fake.channelId('news'), content: Q.when });
    const everyone = fake.userSendsMessage({ user, channelId: fake.channelId('news'), content: `@everyone ${Q.when}` });
    // The bot handles a channel's messages in order: once the marker is answered, the others were seen.
    const marker = mention(newUser(), Q.lusail, { channel: 'news' });
    await replyTo(fake, marker);
    expect(repliesTo(fake, plain)).toEqual([]);
    expect(repliesTo(fake, everyone)).toEqual([]);
  });

  it('an empty mention gets usage help; a long question a polite limit message; attachments alone "send it as text"', async () => {
    const user = newUser();
    const empty = await replyTo(fake, mention(user, ''));
    expect(empty.embeds[0].description).toContain(t('ar').usage(`${FSI}@Sanad${PDI}`));
    expect(empty.embeds[0].description).toContain(Q.when);
    const long = await replyTo(fake, mention(user, 'سؤال '.repeat(120)));
    expect(long.content).toBe(t('ar').tooLong(500));
    const file = await replyTo(fake, mention(user, '', { attachments: [{ filename: 'question.png', data: 'png' }] }));
    expect(file.content).toBe(t('ar').textOnly);
    const dmFile = await replyTo(fake, fake.userSendsMessage({ user, dm: true, content: '', attachments: [{ filename: 'voice.ogg', data: 'ogg' }] }));
    expect(dmFile.content).toBe(t('ar').textOnly);
    for (const m of [empty, long, file, dmFile]) expectNoPing(m);
  });

  it('past the rate limit: one notice, then silence', async () => {
    const user = newUser();
    const ids = [Q.when, Q.howMany, Q.lusail, Q.opened, Q.cost, Q.when, Q.howMany].map((q) => mention(user, q, { channel: 'news' }));
    await replyTo(fake, mention(newUser(), Q.lusail, { channel: 'news' }));
    const replies = ids.map((id) => repliesTo(fake, id));
    expect(replies.map((r) => r.length)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(replies.slice(0, 5).every(([r]) => r.embeds.length === 1)).toBe(true);
    const notice = replies[5][0].content;
    expect(notice).toBe(t('ar').rateLimited(Number(/\d+/.exec(notice)![0])));
  });
});

describe('buttons', () => {
  it('"whole passage" → the passage, ephemeral, for whoever pressed; "other matches" → other passages, ephemeral', async () => {
    const asker = newUser();
    const answer = await fake.waitForReply(ask(asker, Q.lusail));
    const [passageButton, othersButton] = buttonsOf(answer);
    expect(passageButton.custom_id).toMatch(/^sanad:p:\d+:ar$/);

    const reader = newUser();
    const whole = await fake.waitForReply(fake.userPressesButton({ user: reader, message: answer, customId: passageButton.custom_id }));
    expect(whole).toMatchObject({ ephemeral: true, visibleTo: reader.id });
    expect(whole.embeds[0].title).toBe(BUNDLED_TITLE);
    expect(whole.embeds[0].description).toMatch(/^> حيث أعجب هذا الأخير بتجربة المغرب/);
    expect(whole.embeds[0].description).toContain('ليتم استقبال عبد اللطيف حموشي يوم 24 ماي 2022');
    expect(whole.embeds[0].description).toContain('وذلك من أجل التنسيق والإشراف على أمنه.');
    expectNoPing(whole);

    const others = await fake.waitForReply(fake.userPressesButton({ user: asker, message: answer, customId: othersButton.custom_id }));
    expect(others).toMatchObject({ ephemeral: true, visibleTo: asker.id });
    expect(others.embeds.length).toBeGreaterThanOrEqual(1);
    expect(others.embeds.map((e: any) => e.fields?.[0]?.value ?? e.description)).not.toContain(answer.embeds[0].fields[0].value);
    expect(buttonsOf(others).every((b) => /^sanad:p:\d+:ar$/.test(b.custom_id))).toBe(true);
    expectNoPing(others);
    // The original answer is untouched.
    expect(fake.message(answer.id)!.history).toEqual([]);
  });
});

describe('/sources and /help', () => {
  it('/sources lists the articles with links and dates; /help explains in the user\'s language', async () => {
    const sources = await fake.waitForReply(fake.userRunsSlashCommand({ user: newUser('ar'), name: 'sources' }));
    expect(sources.embeds[0].title).toBe(t('ar').sourcesTitle);
    expect(sources.embeds[0].description).toContain(`• ${BUNDLED_TITLE}`);
    expect(sources.embeds[0].description).toContain(`• [تقرير \\*خاص\\*: محطة تحلية المياه في تيغالين](https://example.com/news/tighaline_%282024%29) — ${FSI}2024-03-15${PDI}`);
    const help = await fake.waitForReply(fake.userRunsSlashCommand({ user: newUser('fr'), name: 'help' }));
    expect(help.embeds[0].description).toContain(t('fr').welcome);
    expect(help.embeds[0].description).toContain(t('fr').usage(`${FSI}/ask${PDI}`));
    for (const m of [sources, help]) expectNoPing(m);
  });
});

describe('staying up', () => {
  for (const [what, cut] of [
    ['a gateway close (4000)', () => fake.closeGateway(4000)],
    ['a dropped gateway socket', () => fake.dropGatewaySocket()],
  ] as const) {
    it(`${what}: the bot resumes its session and answers, including what was said meanwhile`, async () => {
      const resumes = fake.gatewayResumes.length;
      expect(cut()).toBe(1);
      await fake.waitFor(() => !fake.botConnected, 3000, 'the bot disconnected');
      const missed = mention(newUser(), Q.when);
      await fake.waitFor(() => fake.gatewayResumes.length > resumes && fake.botConnected, 5000, 'the bot resumed');
      expect(fake.gatewayResumes.at(-1)!.outcome).toBe('resumed');
      expect(fake.gatewayIdentifies).toHaveLength(1);
      expect((await replyTo(fake, missed)).embeds).toHaveLength(1);
      expect((await fake.waitForReply(ask(newUser(), Q.lusail))).embeds).toHaveLength(1);
    });
  }

  it('REST 500s past discord.js\'s retries: no crash, and the user is told (ephemerally) where Discord allows', async () => {
    fake.failNext('POST /interactions/:id/:token/callback', { status: 500, times: 4 });
    const id = ask(newUser(), Q.when);
    const sorry = await fake.waitForReply(id);
    expect(sorry).toMatchObject({ ephemeral: true, content: t('ar').sorry });
    // discord.js tried the answer four times; the fifth call, the apology, went through.
    const calls = () => fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`)).map((r) => r.status);
    await fake.waitFor(() => calls().at(-1) === 204, 2000, 'the apology call finished');
    expect(calls()).toEqual([500, 500, 500, 500, 204]);
    expectNoPing(sorry);

    fake.failNext('POST /channels/:id/messages', { status: 500, times: 4 });
    const told = await replyTo(fake, mention(newUser(), Q.when));
    expect(told.content).toBe(t('ar').sorry);

    expect(bot.child.exitCode).toBeNull();
    expect((await fake.waitForReply(ask(newUser(), Q.howMany))).embeds).toHaveLength(1);
    expect(bot.logs().filter((l) => l.msg === 'discord: could not answer an interaction')).toHaveLength(1);
    expect(bot.logs().filter((l) => l.msg === 'discord: could not reply to a message')).toHaveLength(1);
  });

  it('a 429: discord.js waits Retry-After and the answer still arrives; the wait is logged', async () => {
    fake.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.2 });
    const reply = await replyTo(fake, mention(newUser(), Q.lusail));
    expect(reply.embeds).toHaveLength(1);
    await fake.waitFor(() => bot.logs().some((l) => l.msg === 'discord: rate limited by Discord; waiting'), 2000, 'the wait logged');
  });

  it('a dropped REST connection (not retried by discord.js): no crash, the user is told', async () => {
    fake.dropNext('POST /channels/:id/messages');
    const told = await replyTo(fake, mention(newUser(), Q.lusail));
    expect(told.content).toBe(t('ar').sorry);
    fake.dropNext('POST /interactions/:id/:token/callback');
    expect(await fake.waitForReply(ask(newUser(), Q.lusail))).toMatchObject({ ephemeral: true, content: t('ar').sorry });
    expect((await replyTo(fake, mention(newUser(), Q.when))).embeds).toHaveLength(1);
    expect(bot.child.exitCode).toBeNull();
  });
});

describe('channel permissions', () => {
  it('where the bot may not embed links, the answer comes as text', async () => {
    const reply = await replyTo(fake, mention(newUser(), Q.when, { channel: 'no-embeds' }));
    expect(reply.embeds).toEqual([]);
    expect(reply.content).toContain(`**${BUNDLED_TITLE}**`);
    expect(reply.content).toContain('**21 نونبر إلى 18 دجنبر**');
    expect(reply.content.length).toBeLessThanOrEqual(2000);
    expectNoPing(reply);
  });

  it('where a reply is refused for want of Read Message History (160002), the answer is posted without the reply link', async () => {
    fake.failNext('POST /channels/:id/messages', { status: 400, body: { code: 160002, message: 'Cannot reply without permission to read message history' } });
    const user = newUser();
    const uid = mention(user, Q.howMany, { channel: 'news' });
    const answer = await fake.waitForMessage((m) => m.channel_id === fake.channelId('news') && m.embeds[0]?.description?.includes('**6000**') && !m.message_reference);
    expect(answer.type).toBe(0);
    expect(repliesTo(fake, uid)).toEqual([]);
    expectNoPing(answer);
  });
});

describe('stopping', () => {
  it('SIGTERM: disconnects and exits 0; the token never appears in anything logged', async () => {
    const code = await bot.stop('SIGTERM');
    expect(code).toBe(0);
    await fake.waitFor(() => !fake.botConnected, 2000, 'the gateway connection closed');
    const logged = bot.stdout() + bot.stderr();
    expect(logged).toContain('discord: disconnected');
    expect(logged).not.toContain(fake.token);
    for (const part of fake.token.split('.').slice(1)) expect(logged).not.toContain(part);
    // Interaction tokens (valid for 15 minutes) stay out of the logs too.
    for (const it of fake.interactions.values()) expect(logged).not.toContain(it.token);
    // Every line is a JSON log record: no stray output, no stack trace printed.
    expect(bot.stdout()).toBe('');
    for (const line of bot.stderr().split('\n').filter(Boolean)) expect(line.startsWith('{')).toBe(true);
  });
});
