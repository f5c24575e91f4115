/**
 * Proves the fake Discord is faithful enough to test a bot against: the REAL
 * discord.js 14 Client (no mocks) logs in to it, registers commands, answers
 * interactions and messages, survives gateway drops and REST failures.
 */
import { once } from 'node:events';
import zlib from 'node:zlib';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type ChatInputApplicationCommandData,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, Intents, Permissions, type FakeDiscordOptions } from './discord/server.ts';

let fake: FakeDiscord | undefined;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  await fake?.close();
  fake = undefined;
});

const BASE_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

async function start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000, ...opts });
  return fake;
}

function newClient(f: FakeDiscord, opts: Partial<ClientOptions> = {}): Client {
  const client = new Client({
    intents: BASE_INTENTS,
    partials: [Partials.Channel],
    ...opts,
    rest: { api: f.apiBase, timeout: 3000, ...(opts.rest ?? {}) },
  });
  clients.push(client);
  return client;
}

async function loggedIn(f: FakeDiscord, opts: Partial<ClientOptions> = {}): Promise<Client> {
  const client = newClient(f, opts);
  const ready = once(client, 'clientReady');
  await client.login(f.token);
  await ready;
  return client;
}

/** Routes interactions to `handler`, keeping any error it throws for the test to inspect. */
function onInteraction(client: Client, handler: (i: Interaction) => Promise<unknown>): unknown[] {
  const errors: unknown[] = [];
  client.on('interactionCreate', (i) => {
    handler(i).catch((e) => errors.push(e));
  });
  return errors;
}

const ASK: ChatInputApplicationCommandData = {
  name: 'ask',
  description: 'Ask about the news',
  nameLocalizations: { fr: 'demander' },
  descriptionLocalizations: { fr: "Poser une question sur l'actualité" },
  options: [
    { type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question', required: true },
    { type: ApplicationCommandOptionType.String, name: 'article', description: 'Which article', autocomplete: true },
  ],
};

async function withAsk(client: Client, f: FakeDiscord): Promise<void> {
  await client.application!.commands.set([ASK]);
  expect(f.commands.global.map((c) => c.name)).toEqual(['ask']);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('login and commands', () => {
  it('logs in: GET /gateway/bot gives the gateway URL, IDENTIFY, READY, GUILD_CREATE cache guild and channels', async () => {
    const f = await start();
    const client = await loggedIn(f);
    expect(client.user!.id).toBe(f.botUser.id);
    expect(client.application!.id).toBe(f.applicationId);
    expect(client.guilds.cache.get(f.guildId)?.name).toBe('Sanad Test Guild');
    expect(client.channels.cache.get(f.channelId('general'))?.isTextBased()).toBe(true);
    // the bot's permissions computed by discord.js from the cached roles match the fake's
    const me = client.guilds.cache.get(f.guildId)!.members.me!;
    expect(me.permissionsIn(f.channelId('general')).has('SendMessages')).toBe(true);
    expect(f.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
    expect(f.gatewayConnections[0].url).toBe('/?v=10&encoding=json'); // no zlib-sync installed → no compress
    expect(f.gatewayIdentifies).toHaveLength(1);
    expect(f.gatewayIdentifies[0].outcome).toBe('ready');
    expect(f.gatewayIdentifies[0].d.intents).toBe(Intents.Guilds | Intents.GuildMessages | Intents.DirectMessages);
  });

  it('stores commands with localizations; GET omits them unless with_localizations; Discord-invalid bodies are refused', async () => {
    const f = await start();
    const client = await loggedIn(f);
    await withAsk(client, f);
    const stored = f.commands.global[0];
    expect(stored.name_localizations).toEqual({ fr: 'demander' });
    expect(stored.options?.[1].autocomplete).toBe(true);
    // Discord's GET leaves the localization maps out unless ?with_localizations=true
    // (discord.js then keeps what it had cached from the PUT)
    await client.application!.commands.fetch();
    expect(f.requests.at(-1)!.response[0].name_localizations).toBeUndefined();
    await client.application!.commands.fetch({ withLocalizations: true });
    expect(f.requests.at(-1)!.query).toEqual({ with_localizations: 'true' });
    expect(f.requests.at(-1)!.response[0].name_localizations).toEqual({ fr: 'demander' });

    // Discord has no Arabic locale
    const ar = await client.application!.commands.set([{ ...ASK, nameLocalizations: { ar: 'اسأل' } as never }]).catch((e) => e);
    expect(ar).toBeInstanceOf(DiscordAPIError);
    expect(ar.code).toBe(50035);
    expect(ar.message).toContain('0.name_localizations.ar[BASE_TYPE_CHOICES]');
    // upper case names, 101-character descriptions
    const bad = await client.application!.commands.set([{ ...ASK, name: 'Ask', description: 'x'.repeat(101) }]).catch((e) => e);
    expect(bad.message).toContain('0.name[APPLICATION_COMMAND_INVALID_NAME]');
    expect(bad.message).toContain('0.description[BASE_TYPE_BAD_LENGTH]');
    // guild commands are kept apart
    await client.application!.commands.set([{ name: 'ping', description: 'Ping' }], f.guildId);
    expect(f.commands.guilds[f.guildId].map((c) => c.name)).toEqual(['ping']);
    expect(f.commands.global.map((c) => c.name)).toEqual(['ask']);
  });
});

describe('interactions', () => {
  it('slash command → reply with embeds and allowedMentions is recorded; the bot also sees its own message', async () => {
    const f = await start();
    const client = await loggedIn(f);
    await withAsk(client, f);
    const own: Message[] = [];
    client.on('messageCreate', (m) => own.push(m));
    let seen: { question: string | null; locale: string; guildLocale: string | null } | undefined;
    const errors = onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen = { question: i.options.getString('question'), locale: i.locale, guildLocale: i.guildLocale };
      await i.reply({ embeds: [new EmbedBuilder().setTitle('Answer').setDescription(`<@${i.user.id}> 42`)], allowedMentions: { parse: [] } });
    });
    const amina = f.user('amina', { locale: 'fr' });
    const id = f.userRunsSlashCommand({ user: amina, channelId: f.channelId('general'), name: 'ask', options: { question: 'Who won?' } });
    const reply = await f.waitForReply(id);
    expect(errors).toEqual([]);
    expect(seen).toEqual({ question: 'Who won?', locale: 'fr', guildLocale: 'en-US' });
    expect(reply).toMatchObject({ via: 'interaction', interactionId: id, type: 20, ephemeral: false, allowed_mentions: { parse: [] }, mentions: [] });
    expect(reply.embeds[0]).toMatchObject({ title: 'Answer' });
    expect(f.interactionResponses(id).map((r) => [r.kind, r.type, r.status])).toEqual([['callback', 4, 204]]);
    await f.waitFor(() => own.find((m) => m.id === reply.id));
    expect(own[0].author.bot).toBe(true); // an adapter must ignore its own messages
    expect(own[0].interactionMetadata?.id).toBe(id);
  });

  it('deferReply then editReply: "thinking" message, then the answer; ephemeral flag kept', async () => {
    const f = await start();
    const client = await loggedIn(f);
    await withAsk(client, f);
    const errors = onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await sleep(50);
      await i.editReply({ content: 'Here is what the article says.' });
    });
    const id = f.userRunsSlashCommand({ user: f.user('omar'), name: 'ask', options: { question: 'q' } });
    await f.waitFor(() => f.messages.find((m) => m.interactionId === id && m.loading), 2000, 'thinking message');
    const reply = await f.waitForReply(id);
    expect(errors).toEqual([]);
    expect(reply.content).toBe('Here is what the article says.');
    expect(reply.ephemeral).toBe(true);
    expect(reply.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect(reply.flags & MessageFlags.Loading).toBe(0);
    expect(reply.visibleTo).toBe(f.user('omar').id);
    expect(f.channelHistory(f.channelId('general'), { viewer: f.user('someone-else') })).toEqual([]);
    expect(f.interactionResponses(id).map((r) => `${r.kind}${r.type ?? ''}:${r.status}`)).toEqual(['callback5:204', 'edit:200']);
  });

  it('after deferReply, followUp posts a new message and the "thinking…" one keeps hanging (waitForReply says so)', async () => {
    const f = await start();
    const client = await loggedIn(f);
    await withAsk(client, f);
    const errors = onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.followUp('answer as a follow-up');
    });
    const id = f.userRunsSlashCommand({ user: f.user('a'), name: 'ask', options: { question: 'q' } });
    await f.waitForMessage((m) => m.via === 'followup');
    expect(errors).toEqual([]);
    const [thinking, followup] = f.messages;
    expect(thinking).toMatchObject({ loading: true, content: '', via: 'interaction' });
    expect(followup).toMatchObject({ content: 'answer as a follow-up', interactionId: id });
    expect(followup.interaction_metadata).toMatchObject({ original_response_message_id: thinking.id });
    const e = await f.waitForReply(id, 200).catch((x) => x);
    expect(e.message).toContain(`a visible answer to interaction ${id} not met within 200 ms`);
    expect(e.message).toContain('[thinking…]');
    expect(e.message).toContain('POST /webhooks/');
  });

  it('enforces the 3-second window (10062), single acknowledgement (40060) and follow-ups only after acknowledging (10015)', async () => {
    const f = await start({ interactionWindowMs: 150 });
    const client = await loggedIn(f);
    await withAsk(client, f);
    const errors = onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      if (i.options.getString('question') === 'slow') {
        await sleep(300);
        await i.reply('too late');
      } else if (i.options.getString('question') === 'followup-first') {
        await i.followUp('no ack yet').catch(() => {}); // discord.js refuses locally: InteractionNotReplied
        await client.rest.post(`/webhooks/${f.applicationId}/${i.token}`, { body: { content: 'x' }, auth: false });
      } else {
        await i.reply('ok');
        await client.rest.post(`/interactions/${i.id}/${i.token}/callback`, { body: { type: 4, data: { content: 'again' } }, auth: false });
      }
    });
    const slow = f.userRunsSlashCommand({ user: f.user('a'), name: 'ask', options: { question: 'slow' } });
    const twice = f.userRunsSlashCommand({ user: f.user('a'), name: 'ask', options: { question: 'twice' } });
    const early = f.userRunsSlashCommand({ user: f.user('a'), name: 'ask', options: { question: 'followup-first' } });
    await f.waitFor(() => errors.length === 3, 3000, 'three errors');
    const codes = errors.map((e) => (e as DiscordAPIError).code).sort();
    expect(codes).toEqual([10015, 10062, 40060]);
    expect(f.interactionResponses(slow)[0].status).toBe(404);
    expect(f.interactionResponses(twice).map((r) => r.status)).toEqual([204, 400]);
    expect(f.messages.map((m) => m.content)).toEqual(['ok']);
    expect(f.interactionResponses(early)).toEqual([]); // the webhook was unknown: nothing recorded against it
  });

  it('autocomplete: 26 choices are refused (50035), 25 are accepted', async () => {
    const f = await start();
    const client = await loggedIn(f);
    await withAsk(client, f);
    const errors = onInteraction(client, async (i) => {
      if (!i.isAutocomplete()) return;
      expect(i.options.getFocused(true)).toMatchObject({ name: 'article', value: 'qat' });
      const choices = Array.from({ length: 26 }, (_, k) => ({ name: `Article ${k}`, value: `a${k}` }));
      await i.respond(choices).catch((e) => {
        errors.push(e);
        return i.respond(choices.slice(0, 25));
      });
    });
    const id = f.userTypesAutocomplete({ user: f.user('a'), name: 'ask', focusedOption: 'article', value: 'qat', options: { question: 'q' } });
    const choices = await f.waitFor(() => f.autocompleteChoices(id));
    expect(choices).toHaveLength(25);
    const [first] = errors as DiscordAPIError[];
    expect(first.code).toBe(50035);
    expect(first.message).toContain('data.choices[BASE_TYPE_MAX_LENGTH]: Must be 25 or fewer in length.');
    expect(f.interactionResponses(id).map((r) => r.status)).toEqual([400, 204]);
    // the helper refuses what Discord's client would never send
    expect(() => f.userTypesAutocomplete({ user: f.user('a'), name: 'ask', focusedOption: 'question', value: 'x' })).toThrow(/no autocomplete/);
    expect(() => f.userRunsSlashCommand({ user: f.user('a'), name: 'ask' })).toThrow(/requires option question/);
    expect(() => f.userRunsSlashCommand({ user: f.user('a'), name: 'nope' })).toThrow(/would not offer \/nope/);
  });

  it('button press → update edits the message in place', async () => {
    const f = await start();
    const client = await loggedIn(f);
    await withAsk(client, f);
    const errors = onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('more:1').setLabel('More').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setURL('https://example.com/a').setLabel('Source').setStyle(ButtonStyle.Link),
        );
        await i.reply({ content: 'Short answer', components: [row] });
      } else if (i.isButton()) {
        expect(i.customId).toBe('more:1');
        expect(i.message.content).toBe('Short answer');
        await i.update({ content: 'Long answer', components: [] });
      }
    });
    const cmd = f.userRunsSlashCommand({ user: f.user('a'), name: 'ask', options: { question: 'q' } });
    const msg = await f.waitForReply(cmd);
    expect(() => f.userPressesButton({ user: f.user('a'), message: msg, customId: 'nope' })).toThrow(/has no button nope/);
    const press = f.userPressesButton({ user: f.user('a'), message: msg, customId: 'more:1' });
    const updated = await f.waitForReply(press);
    expect(errors).toEqual([]);
    expect(updated.id).toBe(msg.id);
    expect(updated).toMatchObject({ content: 'Long answer', components: [] });
    expect(updated.history[0].content).toBe('Short answer');
    expect(f.interactionResponses(press).map((r) => r.type)).toEqual([7]);
  });

  it('reply({ withResponse: true }) gets the callback response with the message resource', async () => {
    const f = await start();
    const client = await loggedIn(f);
    await withAsk(client, f);
    let got: { id?: string; content?: string } = {};
    const errors = onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      const res = await i.reply({ content: 'with response', withResponse: true });
      got = { id: res.resource?.message?.id, content: res.resource?.message?.content };
    });
    const id = f.userRunsSlashCommand({ user: f.user('a'), name: 'ask', options: { question: 'q' } });
    const reply = await f.waitForReply(id);
    await f.waitFor(() => got.id);
    expect(errors).toEqual([]);
    expect(got).toEqual({ id: reply.id, content: 'with response' });
    expect(f.interactionResponses(id)[0].status).toBe(200);
  });

  it("the bot's channel permissions agree with discord.js: a denied channel refuses sends with 50013", async () => {
    const f = await start({ guilds: [{ name: 'G', channels: [{ name: 'general' }, { name: 'readonly', botDeny: Permissions.SendMessages }] }] });
    const client = await loggedIn(f);
    const me = client.guilds.cache.get(f.guildId)!.members.me!;
    expect(me.permissionsIn(f.channelId('readonly')).has('SendMessages')).toBe(false);
    expect(me.permissionsIn(f.channelId('general')).has('SendMessages')).toBe(true);
    const ch = client.channels.cache.get(f.channelId('readonly'));
    if (!ch?.isSendable()) throw new Error('not sendable');
    const e = await ch.send('hi').catch((x) => x);
    expect(e).toMatchObject({ code: 50013, status: 403 });
    // interactions still work there (they are webhooks) and report the bot's permissions
    await withAsk(client, f);
    let appPerms: boolean | undefined;
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      appPerms = i.appPermissions.has('SendMessages');
      await i.reply('via the interaction');
    });
    const id = f.userRunsSlashCommand({ user: f.user('a'), channelId: f.channelId('readonly'), name: 'ask', options: { question: 'q' } });
    expect((await f.waitForReply(id)).content).toBe('via the interaction');
    expect(appPerms).toBe(false);
  });

  it('refuses messages Discord would refuse: too long (50035) and empty (50006)', async () => {
    const f = await start();
    const client = await loggedIn(f);
    const channel = client.channels.cache.get(f.channelId('general'));
    if (!channel?.isSendable()) throw new Error('not sendable');
    const long = await channel.send('x'.repeat(2001)).catch((e) => e);
    expect(long.message).toBe('Invalid Form Body\ncontent[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.');
    const bigEmbed = await channel.send({ embeds: [{ description: 'y'.repeat(4097) }] }).catch((e) => e);
    expect(bigEmbed.message).toContain('embeds[0].description[BASE_TYPE_MAX_LENGTH]');
    const total = await channel.send({ embeds: [{ description: 'y'.repeat(4000) }, { description: 'z'.repeat(2001) }] }).catch((e) => e);
    expect(total.message).toContain('embeds[MAX_EMBED_SIZE_EXCEEDED]');
    const empty = await client.rest.post(`/channels/${channel.id}/messages`, { body: { content: '' } }).catch((e) => e);
    expect(empty).toMatchObject({ code: 50006, status: 400 });
    expect(f.messages).toEqual([]);
  });
});

describe('messages', () => {
  it('files go as multipart (payload_json + files[n]) and are stored and served; typing is recorded', async () => {
    const f = await start();
    const client = await loggedIn(f);
    const channel = client.channels.cache.get(f.channelId('news'));
    if (!channel?.isSendable()) throw new Error('not sendable');
    await channel.sendTyping();
    const sent = await channel.send({ content: 'the article', files: [{ attachment: Buffer.from('<h1>Doha</h1>'), name: 'article.html', description: 'source' }] });
    expect(f.typing.map((t) => t.channelId)).toEqual([channel.id]);
    const post = f.requests.find((r) => r.method === 'POST' && r.path.endsWith('/messages'))!;
    expect(post.files).toEqual([{ field: 'files[0]', filename: 'article.html', size: 13, contentType: expect.any(String) }]);
    const [stored] = f.messages;
    expect(stored.attachments).toMatchObject([{ filename: 'article.html', size: 13, description: 'source' }]);
    expect(sent.attachments.first()!.name).toBe('article.html');
    expect(await (await fetch(stored.attachments[0].url)).text()).toBe('<h1>Doha</h1>');
  });

  it('a message mentioning the bot keeps its content; message.reply is recorded with message_reference', async () => {
    const f = await start();
    const client = await loggedIn(f);
    const got: Message[] = [];
    client.on('messageCreate', async (m) => {
      if (m.author.bot) return;
      got.push(m);
      await m.reply({ content: `You said: ${m.content}`, allowedMentions: { repliedUser: false } });
    });
    const uid = f.userSendsMessage({ user: f.user('amina'), channelId: f.channelId('news'), content: 'what happened in Doha?', mentionsBot: true });
    const reply = await f.waitForMessage((m) => m.message_reference?.message_id === uid);
    expect(got[0].content).toBe(`<@${f.botUser.id}> what happened in Doha?`);
    expect(got[0].mentions.users.has(f.botUser.id)).toBe(true);
    expect(reply).toMatchObject({ type: 19, channel_id: f.channelId('news'), allowed_mentions: { replied_user: false }, mentions: [] });
    expect(reply.message_reference).toMatchObject({ message_id: uid, channel_id: f.channelId('news') });
    expect(reply.content).toBe(`You said: <@${f.botUser.id}> what happened in Doha?`);
  });

  it('without the MESSAGE_CONTENT intent a guild message not mentioning the bot arrives with empty content', async () => {
    const f = await start();
    const client = await loggedIn(f);
    const got: Message[] = [];
    client.on('messageCreate', (m) => void got.push(m));
    const file = { filename: 'a.txt', data: 'hello' };
    f.userSendsMessage({ user: f.user('a'), content: 'plain chatter', attachments: [file] });
    await f.waitFor(() => got.length === 1);
    expect(got[0].content).toBe('');
    expect(got[0].attachments.size).toBe(0);
  });

  it('with MESSAGE_CONTENT granted and requested, content arrives; requesting it ungranted fails login with "Used disallowed intents"', async () => {
    const f = await start({ intentsAllowed: Intents.MessageContent });
    const client = await loggedIn(f, { intents: [...BASE_INTENTS, GatewayIntentBits.MessageContent] });
    const got: Message[] = [];
    client.on('messageCreate', (m) => void got.push(m));
    f.userSendsMessage({ user: f.user('a'), content: 'plain chatter', attachments: [{ filename: 'a.txt', data: 'hello' }] });
    await f.waitFor(() => got.length === 1);
    expect(got[0].content).toBe('plain chatter');
    const att = got[0].attachments.first()!;
    expect(await (await fetch(att.url)).text()).toBe('hello');

    const f2 = await FakeDiscord.start({ heartbeatIntervalMs: 1000 }); // no privileged intents granted
    try {
      const c2 = newClient(f2, { intents: [...BASE_INTENTS, GatewayIntentBits.MessageContent] });
      const e = await c2.login(f2.token).catch((x) => x);
      expect(e).toBeInstanceOf(Error);
      expect(e.message).toBe('Used disallowed intents');
      expect(f2.gatewayIdentifies[0].outcome).toBe(4014);
      await f2.waitFor(() => f2.gatewayConnections[0].closedAt); // discord.js rejects before the close handshake ends
      expect(f2.gatewayConnections[0]).toMatchObject({ closeCode: 4014, closedBy: 'server' });
      await sleep(600);
      expect(f2.gatewayConnections).toHaveLength(1); // 4014 is final: no reconnect attempts
    } finally {
      await f2.close();
    }
  });

  it('a DM reaches the bot (with Partials.Channel) and the reply lands in the DM channel', async () => {
    const f = await start();
    const client = await loggedIn(f);
    client.on('messageCreate', async (m) => {
      if (m.author.bot) return;
      await m.reply(`DM answer to ${m.content}`);
    });
    const amina = f.user('amina');
    const uid = f.userSendsMessage({ user: amina, dm: true, content: 'hello bot' });
    const reply = await f.waitForMessage((m) => m.message_reference?.message_id === uid);
    expect(reply.channel_id).toBe(f.dmChannelId(amina));
    expect(reply.guild_id).toBeUndefined();
    expect(reply.content).toBe('DM answer to hello bot'); // DMs keep their content without MESSAGE_CONTENT
    const dm = await client.channels.fetch(f.dmChannelId(amina), { force: true });
    expect(dm?.isDMBased()).toBe(true);
    expect(f.requests.at(-1)).toMatchObject({ method: 'GET', path: `/channels/${f.dmChannelId(amina)}`, status: 200 });
    // a user who blocks DMs: the bot's send fails like on Discord
    const shy = f.user('shy', { acceptsDMs: false });
    const e = await client.users.send(shy.id, 'hi').catch((x) => x);
    expect(e.code).toBe(50007);
  });

  it('without Partials.Channel a DM from an uncached channel is silently dropped by discord.js', async () => {
    const f = await start();
    const client = await loggedIn(f, { partials: [] });
    const got: Message[] = [];
    client.on('messageCreate', (m) => void got.push(m));
    f.userSendsMessage({ user: f.user('amina'), dm: true, content: 'hello?' });
    f.userSendsMessage({ user: f.user('amina'), channelId: f.channelId('general'), content: 'marker', mentionsBot: true });
    await f.waitFor(() => got.length >= 1);
    await sleep(50);
    expect(got.map((m) => m.channelId)).toEqual([f.channelId('general')]);
    expect(f.gatewayDispatches.filter((d) => d.t === 'MESSAGE_CREATE').every((d) => d.delivered === 1)).toBe(true);
  });
});

describe('gateway recovery', () => {
  for (const [what, trigger] of [
    ['closeGateway(4000)', (f: FakeDiscord) => f.closeGateway(4000)],
    ['dropGatewaySocket()', (f: FakeDiscord) => f.dropGatewaySocket()],
    ['requestReconnect() (op 7)', (f: FakeDiscord) => f.requestReconnect()],
  ] as const) {
    it(`${what} → discord.js RESUMEs on resume_gateway_url, missed events are replayed, the next interaction is answered`, async () => {
      const f = await start();
      const client = await loggedIn(f);
      await withAsk(client, f);
      const errors = onInteraction(client, async (i) => {
        if (i.isChatInputCommand()) await i.reply(`answer ${i.options.getString('question')}`);
      });
      const got: string[] = [];
      client.on('messageCreate', (m) => void got.push(m.id));
      const resumed = once(client, 'shardResume');
      expect(trigger(f)).toBe(1);
      // once the bot's socket is gone (discord.js waits 500 ms before reconnecting), a user
      // posts; Discord buffers the event for the resume
      await f.waitFor(() => f.gatewayConnections[0].closedAt, 2000, 'old socket closed');
      expect(f.botConnected).toBe(false);
      const missed = f.userSendsMessage({ user: f.user('a'), content: 'during outage', mentionsBot: true });
      await resumed;
      expect(f.gatewayResumes).toHaveLength(1);
      expect(f.gatewayResumes[0]).toMatchObject({ outcome: 'resumed' });
      expect(f.gatewayResumes[0].replayed).toBeGreaterThanOrEqual(1);
      expect(f.gatewayIdentifies).toHaveLength(1); // resumed, not re-identified
      expect(f.gatewayConnections[1].url).toBe('/resume?v=10&encoding=json');
      await f.waitFor(() => got.includes(missed));
      const id = f.userRunsSlashCommand({ user: f.user('a'), name: 'ask', options: { question: 'after' } });
      expect((await f.waitForReply(id)).content).toBe('answer after');
      expect(errors).toEqual([]);
    });
  }

  it('a session the fake invalidated makes discord.js identify again', async () => {
    const f = await start();
    // discord.js waits 5 s between IDENTIFYs of one shard; a test can lift that throttle
    const client = await loggedIn(f, { ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) } });
    const ready = once(client, 'shardReady');
    f.invalidateSession(false);
    await ready;
    expect(f.gatewayIdentifies.map((i) => i.outcome)).toEqual(['ready', 'ready']);
  });
});

describe('REST failures', () => {
  async function general(f: FakeDiscord, opts: Partial<ClientOptions> = {}) {
    const client = await loggedIn(f, opts);
    const channel = client.channels.cache.get(f.channelId('general'));
    if (!channel?.isSendable()) throw new Error('not sendable');
    return { client, channel };
  }
  const posts = (f: FakeDiscord) => f.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));

  it('500 three times: discord.js retries immediately (retries: 3 → 4 attempts) and succeeds', async () => {
    const f = await start();
    const { channel } = await general(f);
    f.failNext('POST /channels/:id/messages', { status: 500, times: 3 });
    const t0 = Date.now();
    await channel.send('after retries');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(posts(f).map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(f.messages.map((m) => m.content)).toEqual(['after retries']);
  });

  it('500 four times: the send rejects with HTTPError; a 500 that Discord had acted on duplicates the message on retry', async () => {
    const f = await start();
    const { channel } = await general(f);
    f.failNext('POST /channels/:id/messages', { status: 500, times: 4 });
    const e = await channel.send('never').catch((x) => x);
    expect(e.name).toBe('HTTPError');
    expect(e.status).toBe(500);
    expect(e.message).toBe('Internal Server Error');
    f.failNext('POST /channels/:id/messages', { status: 500, afterEffect: true });
    await channel.send('once');
    expect(f.messages.map((m) => m.content)).toEqual(['once', 'once']);
  });

  it('a dropped connection: discord.js does not retry, the call rejects ("other side closed")', async () => {
    const f = await start();
    const { channel } = await general(f);
    f.dropNext('POST /channels/:id/messages');
    const e = await channel.send('dropped').catch((x) => x);
    expect(e).toMatchObject({ name: 'SocketError', code: 'UND_ERR_SOCKET', message: 'other side closed' }); // undici; not retried
    expect(posts(f).map((r) => r.status)).toEqual([0]);
    await channel.send('next one works');
    expect(f.messages.map((m) => m.content)).toEqual(['next one works']);
  });

  it('429 with retry_after: discord.js waits and retries without counting it as a retry', async () => {
    const f = await start();
    const { client, channel } = await general(f);
    const limited: unknown[] = [];
    client.rest.on('rateLimited', (info) => void limited.push(info));
    f.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.3 });
    const t0 = Date.now();
    await channel.send('after 429');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(posts(f).map((r) => r.status)).toEqual([429, 200]);
    expect(f.messages).toHaveLength(1);
    // the 429's X-RateLimit-Remaining: 0 + Reset-After put the bucket on hold: the retry
    // emits one rateLimited event (Reset-After + 2 × the 50 ms offset) before going out
    expect(limited).toMatchObject([{ route: '/channels/:id/messages', global: false, method: 'POST' }]);
    expect((limited[0] as { timeToReset: number }).timeToReset).toBeGreaterThanOrEqual(300);
  });

  it('a single 401 makes discord.js drop its token: every later authenticated call fails locally', async () => {
    const f = await start();
    const { client, channel } = await general(f);
    f.failNext('POST /channels/:id/messages', { status: 401 });
    expect(await channel.send('a').catch((x) => x)).toMatchObject({ status: 401, message: '401: Unauthorized' });
    const after = await channel.send('b').catch((x) => x);
    expect(after.message).toBe('Expected token to be set for this request, but none was present');
    expect(posts(f)).toHaveLength(1); // the second never reached Discord
    expect(client.isReady()).toBe(true); // while the gateway stays up
  });

  it('wrong token: REST answers 401 and login rejects with "An invalid token was provided."', async () => {
    const f = await start();
    const client = newClient(f);
    const e = await client.login('not-the-token').catch((x) => x);
    expect(e.code).toBe('TokenInvalid');
    expect(e.message).toBe('An invalid token was provided.');
    expect(f.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /gateway/bot 401']);
    expect(f.requests[0].response).toEqual({ message: '401: Unauthorized', code: 0 });
    expect(f.gatewayConnections).toEqual([]);
  });
});

describe('gateway protocol details (raw WebSocket)', () => {
  async function rawConnect(f: FakeDiscord, query: string): Promise<{ ws: WebSocket; next: () => Promise<any>; closed: Promise<number> }> {
    const ws = new WebSocket(`${f.gatewayUrl}/?${query}`);
    const inflate = zlib.createInflate();
    const queue: any[] = [];
    const waiters: Array<(v: any) => void> = [];
    const push = (p: any) => (waiters.length ? waiters.shift()!(p) : queue.push(p));
    let pending = '';
    inflate.on('data', (c: Buffer) => {
      pending += c.toString('utf8');
      try {
        push(JSON.parse(pending));
        pending = '';
      } catch {
        /* incomplete */
      }
    });
    ws.on('message', (data: Buffer, binary) => (binary ? inflate.write(data) : push(JSON.parse(data.toString()))));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    await once(ws, 'open');
    return { ws, next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))), closed };
  }

  it('compress=zlib-stream: HELLO/READY arrive as one zlib stream with sync flushes', async () => {
    const f = await start();
    const { ws, next } = await rawConnect(f, 'v=10&encoding=json&compress=zlib-stream');
    expect((await next()).op).toBe(10);
    ws.send(JSON.stringify({ op: 2, d: { token: f.token, intents: 1, properties: { os: 'linux', browser: 'x', device: 'x' } } }));
    const ready = await next();
    expect(ready).toMatchObject({ op: 0, t: 'READY', s: 1 });
    expect(ready.d.resume_gateway_url).toBe(`${f.gatewayUrl}/resume`);
    expect(await next()).toMatchObject({ t: 'GUILD_CREATE', s: 2 });
    ws.terminate();
  });

  it('IDENTIFY with compress: true gets zlib-deflated dispatches', async () => {
    const f = await start();
    const ws = new WebSocket(`${f.gatewayUrl}/?v=10&encoding=json`);
    const frames: Array<{ binary: boolean; data: Buffer }> = [];
    ws.on('message', (data: Buffer, binary) => void frames.push({ binary, data }));
    await once(ws, 'open');
    await f.waitFor(() => frames.length === 1);
    ws.send(JSON.stringify({ op: 2, d: { token: f.token, intents: 0, compress: true, properties: { os: 'linux', browser: 'x', device: 'x' } } }));
    await f.waitFor(() => frames.length === 2);
    expect(frames[0].binary).toBe(false);
    expect(frames[1].binary).toBe(true);
    expect(JSON.parse(zlib.inflateSync(frames[1].data).toString())).toMatchObject({ t: 'READY' });
    ws.terminate();
  });

  it('wrong token closes 4004; a payload before IDENTIFY closes 4003; bad API version closes 4012', async () => {
    const f = await start();
    const a = await rawConnect(f, 'v=10&encoding=json');
    await a.next();
    a.ws.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 1, properties: {} } }));
    expect(await a.closed).toBe(4004);
    const b = await rawConnect(f, 'v=10&encoding=json');
    await b.next();
    b.ws.send(JSON.stringify({ op: 3, d: {} }));
    expect(await b.closed).toBe(4003);
    const c = await rawConnect(f, 'v=9&encoding=json');
    expect(await c.closed).toBe(4012);
  });
});
