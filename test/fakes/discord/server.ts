/**
 * A fake Discord — REST API v10 and gateway — on 127.0.0.1, for end-to-end tests
 * of a bot that uses the real, unmodified discord.js.
 *
 * @example
 * ```ts
 * const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
 * const client = new Client({
 *   intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
 *   partials: [Partials.Channel],
 *   rest: { api: fake.apiBase },          // discord.js appends /v10; the gateway URL comes from GET /gateway/bot
 * });
 * await client.login(fake.token);
 * // ... the bot registers its commands, then a user runs one:
 * await fake.waitFor(() => fake.commands.global.length > 0);
 * const id = fake.userRunsSlashCommand({ user: fake.user('amina'), channelId: fake.channelId('general'), name: 'ask', options: { question: 'Who won?' } });
 * const reply = await fake.waitForReply(id);   // the message the user finally sees
 * expect(reply.embeds[0].description).toContain('...');
 * client.destroy(); await fake.close();
 * ```
 *
 * What it imitates (and enforces, so a test cannot pass against behaviour Discord would refuse):
 * bot-token auth, Discord's body limits (50035 Invalid Form Body / 50006 empty message),
 * the 3-second interaction window (10062) and single acknowledgement (40060),
 * follow-ups only after acknowledgement (10015), a deferral's "thinking…" message lasting
 * until @original is edited (a follow-up does not end it), bots seeing their own messages on the gateway,
 * the MESSAGE_CONTENT intent blanking guild messages that do not mention the bot,
 * privileged intents (4014), resumable sessions, and the bot's channel permissions.
 * Failures on demand: `failNext`, `dropNext`, `closeGateway`, `dropGatewaySocket`,
 * `requestReconnect`, `invalidateSession`.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { FakeGateway, Intents, type GatewaySession } from './gateway.ts';
import { botToken, interactionToken, snowflake } from './ids.ts';
import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  DM_APP_PERMISSIONS,
  Permissions,
  type ApiUser,
  type FailOptions,
  type FakeAttachment,
  type FakeDiscordOptions,
  type FakeInteraction,
  type FakeMessage,
  type FakeUser,
  type GuildSpec,
  type InteractionResponseRecord,
  type RequestRecord,
  type RouteMatcher,
  type StoredCommand,
} from './types.ts';
import {
  EMPTY_MESSAGE,
  FormErrors,
  checkAutocompleteData,
  checkCommand,
  checkCommandList,
  checkMessageBody,
  hasVisibleContent,
} from './validate.ts';

export * from './types.ts';
export { Intents, PRIVILEGED_INTENTS } from './gateway.ts';
export { DISCORD_LOCALES } from './validate.ts';

// ------------------------------------------------------------------ internal model

interface Guild {
  id: string;
  name: string;
  locale: string;
  ownerId: string;
  everyonePermissions: bigint;
  botPermissions: bigint;
  botRoleId: string;
  joinedAt: string;
  members: Map<string, { joinedAt: string }>;
}

interface Channel {
  id: string;
  type: number; // 0 text, 5 announcement, 1 DM
  name: string | null;
  guildId: string | null;
  topic: string | null;
  position: number;
  botDeny: bigint;
  /** DM channels: the other user. */
  recipient?: FakeUser;
  lastMessageId: string | null;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Ctx {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
  files: Array<{ field: string; filename: string; size: number; contentType: string; data: Buffer }>;
  authorization: string | undefined;
}

type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

interface Route {
  method: string;
  re: RegExp;
  keys: string[];
  auth: boolean;
  handler: Handler;
}

interface Injection {
  matcher: (method: string, path: string, body: any) => boolean;
  describe: string;
  remaining: number;
  kind: 'fail' | 'drop';
  fail?: FailOptions;
  afterEffect: boolean;
}

const err = (status: number, code: number, message: string): Reply => ({ status, body: { message, code } });
const UNKNOWN_CHANNEL = err(404, 10003, 'Unknown Channel');
const UNKNOWN_MESSAGE = err(404, 10008, 'Unknown Message');
const UNKNOWN_WEBHOOK = err(404, 10015, 'Unknown Webhook');
const UNKNOWN_INTERACTION = err(404, 10062, 'Unknown interaction');
const ALREADY_ACKED = err(400, 40060, 'Interaction has already been acknowledged.');
const MISSING_ACCESS = err(403, 50001, 'Missing Access');
const MISSING_PERMISSIONS = err(403, 50013, 'Missing Permissions');
const UNAUTHORIZED = err(401, 0, '401: Unauthorized');
const NOT_FOUND = err(404, 0, '404: Not Found');

const MSG_FLAG_EPHEMERAL = 64;
const MSG_FLAG_LOADING = 128;
/** Flags a bot may set when sending: SUPPRESS_EMBEDS, EPHEMERAL (interactions only), SUPPRESS_NOTIFICATIONS. */
const SENDABLE_FLAGS = 4 | 4096;

function compileRoute(pattern: string): { re: RegExp; keys: string[] } {
  const keys: string[] = [];
  const src = pattern
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      if (seg === '*') return '[^/]+';
      return seg.replace(/[.*+?^${}()|[\]\\@]/g, (c) => `\\${c}`);
    })
    .join('/');
  return { re: new RegExp(`^${src}$`), keys };
}

/** Turns `'POST /channels/:id/messages'`, `'/users/@me'` or a predicate into a request test. */
function compileMatcher(m: RouteMatcher): Injection['matcher'] {
  if (typeof m === 'function') return (method, path, body) => m({ method, path, body });
  const match = /^(?:([A-Z]+|\*)\s+)?(\/.*)$/.exec(m.trim());
  if (!match) throw new Error(`FakeDiscord: route matcher must look like 'POST /channels/:id/messages', got ${JSON.stringify(m)}`);
  const method = match[1] ?? '*';
  const { re } = compileRoute(match[2].replace(/\/$/, ''));
  return (mth, path) => (method === '*' || method === mth) && re.test(path);
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

// ------------------------------------------------------------------ the fake

export class FakeDiscord {
  /** `http://127.0.0.1:PORT/api` — give it to discord.js as `rest: { api }`. */
  readonly apiBase: string;
  readonly token: string;
  readonly applicationId: string;
  /** The bot's user object. */
  readonly botUser: ApiUser;

  /** Every REST request, in order. */
  readonly requests: RequestRecord[] = [];
  /** Typing indicators the bot triggered. */
  readonly typing: Array<{ at: number; channelId: string }> = [];
  /** Application commands as registered. */
  readonly commands: { global: StoredCommand[]; guilds: Record<string, StoredCommand[]> } = { global: [], guilds: {} };
  /** Every interaction the users made, by id. */
  readonly interactions = new Map<string, FakeInteraction>();

  private readonly opts: Required<Omit<FakeDiscordOptions, 'guilds' | 'token' | 'applicationId' | 'botUsername'>>;
  private readonly server: http.Server;
  private readonly gateway: FakeGateway;
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private readonly routes: Route[] = [];
  private readonly injections: Injection[] = [];
  private readonly guildMap = new Map<string, Guild>();
  private readonly channelMap = new Map<string, Channel>();
  private readonly usersById = new Map<string, FakeUser>();
  private readonly usersByName = new Map<string, FakeUser>();
  private readonly dmByUser = new Map<string, string>();
  private readonly store = new Map<string, FakeMessage>();
  private readonly order: string[] = [];
  private readonly files = new Map<string, { data: Buffer; contentType: string }>();
  private readonly guildOwner: FakeUser;
  private closed = false;
  private port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.applicationId = options.applicationId ?? snowflake();
    this.botUser = {
      id: this.applicationId,
      username: options.botUsername ?? 'Sanad',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
    this.token = options.token ?? botToken(this.applicationId);
    this.opts = {
      intentsAllowed: options.intentsAllowed ?? 0,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250,
      interactionWindowMs: options.interactionWindowMs ?? 3000,
      interactionTokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60_000,
    };
    this.guildOwner = this.user('guild-owner');
    const specs: GuildSpec[] = options.guilds ?? [{ name: 'Sanad Test Guild', channels: [{ name: 'general' }, { name: 'news' }] }];
    for (const spec of specs) this.addGuild(spec);

    this.gateway = new FakeGateway({
      token: this.token,
      intentsAllowed: this.opts.intentsAllowed,
      heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
      gatewayUrl: () => this.gatewayUrl,
      readyData: (s) => this.readyData(s),
      guildCreates: () => [...this.guildMap.values()].map((g) => this.guildCreate(g)),
      changed: () => this.changed(),
    });
    this.server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((e) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `FakeDiscord crashed: ${String(e?.stack ?? e)}`, code: 0 }));
        }
      });
    });
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (this.closed) return socket.destroy();
      this.gateway.handleUpgrade(req, socket, head);
    });
    this.defineRoutes();
    this.apiBase = '';
  }

  /** Start on 127.0.0.1 with a system-chosen port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    (fake as { apiBase: string }).apiBase = `http://127.0.0.1:${fake.port}/api`;
    return fake;
  }

  /** Ends every HTTP and WebSocket connection at once and stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.gateway.shutdown();
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.events.removeAllListeners();
  }

  /** `ws://127.0.0.1:PORT`, as GET /gateway/bot says. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  // ================================================================== world setup

  /** The user called `name`, created on first use (stable id). */
  user(name: string, opts: { locale?: string; globalName?: string | null; acceptsDMs?: boolean } = {}): FakeUser {
    let u = this.usersByName.get(name);
    if (!u) {
      u = { id: snowflake(), username: name, globalName: opts.globalName ?? null, locale: opts.locale ?? 'en-US', acceptsDMs: opts.acceptsDMs ?? true };
      this.usersByName.set(name, u);
      this.usersById.set(u.id, u);
    } else {
      if (opts.locale !== undefined) u.locale = opts.locale;
      if (opts.globalName !== undefined) u.globalName = opts.globalName;
      if (opts.acceptsDMs !== undefined) u.acceptsDMs = opts.acceptsDMs;
    }
    return u;
  }

  private addGuild(spec: GuildSpec): void {
    const id = spec.id ?? snowflake();
    const guild: Guild = {
      id,
      name: spec.name ?? `Guild ${this.guildMap.size + 1}`,
      locale: spec.locale ?? 'en-US',
      ownerId: this.guildOwner.id,
      everyonePermissions: spec.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
      botPermissions: spec.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
      botRoleId: snowflake(),
      joinedAt: new Date().toISOString(),
      members: new Map(),
    };
    this.guildMap.set(id, guild);
    const channels = spec.channels ?? [{ name: 'general' }];
    channels.forEach((c, i) => {
      const ch: Channel = { id: c.id ?? snowflake(), type: c.type ?? 0, name: c.name, guildId: id, topic: c.topic ?? null, position: i, botDeny: c.botDeny ?? 0n, lastMessageId: null };
      this.channelMap.set(ch.id, ch);
    });
  }

  /** Ids of all guilds, in creation order. */
  get guildIds(): string[] {
    return [...this.guildMap.keys()];
  }

  /** The first guild's id. */
  get guildId(): string {
    return this.guildIds[0];
  }

  /** Id of the guild text channel called `name` (in `guildId`, default: any guild). */
  channelId(name = 'general', guildId?: string): string {
    for (const c of this.channelMap.values()) {
      if (c.guildId && c.name === name && (!guildId || c.guildId === guildId)) return c.id;
    }
    throw new Error(`FakeDiscord: no channel #${name}${guildId ? ` in guild ${guildId}` : ''}`);
  }

  /** The DM channel between the bot and `user` (created on first use, like Discord's). */
  dmChannelId(user: FakeUser): string {
    let id = this.dmByUser.get(user.id);
    if (!id) {
      id = snowflake();
      this.dmByUser.set(user.id, id);
      this.channelMap.set(id, { id, type: 1, name: null, guildId: null, topic: null, position: 0, botDeny: 0n, recipient: user, lastMessageId: null });
    }
    return id;
  }

  // ================================================================== inspection

  /** Every message the bot created (channel messages, interaction responses, follow-ups), current state, in order. */
  get messages(): FakeMessage[] {
    return this.order.map((id) => this.store.get(id)!).filter((m) => m.fromBot);
  }

  /** Every message in a channel, users' and bot's, oldest first; with `viewer`, only what that user sees. */
  channelHistory(channelId: string, opts: { viewer?: FakeUser; includeDeleted?: boolean } = {}): FakeMessage[] {
    return this.order
      .map((id) => this.store.get(id)!)
      .filter((m) => m.channel_id === channelId)
      .filter((m) => opts.includeDeleted || !m.deleted)
      .filter((m) => !opts.viewer || !m.ephemeral || m.visibleTo === opts.viewer.id);
  }

  /** A stored message by id (any author). */
  message(id: string): FakeMessage | undefined {
    return this.store.get(id);
  }

  /** Everything the bot did in answer to one interaction (callbacks, follow-ups, edits), including refused attempts. */
  interactionResponses(interactionId: string): InteractionResponseRecord[] {
    return this.interactions.get(interactionId)?.responses ?? [];
  }

  /** The choices the bot offered for an autocomplete interaction (undefined until it answered). */
  autocompleteChoices(interactionId: string): any[] | undefined {
    return this.interactions.get(interactionId)?.autocompleteChoices;
  }

  /** IDENTIFY payloads received, with the outcome ('ready' or the close code). */
  get gatewayIdentifies() {
    return this.gateway.identifies;
  }

  /** RESUME payloads received, with the outcome and how many events were replayed. */
  get gatewayResumes() {
    return this.gateway.resumes;
  }

  /** Gateway connections (url, compress, close code, who closed, heartbeats). */
  get gatewayConnections() {
    return this.gateway.connections.map((c) => c.info);
  }

  /** Every dispatch sent, with how many sessions received it. */
  get gatewayDispatches() {
    return this.gateway.dispatched;
  }

  /** Payloads the bot sent over the gateway (op, d). */
  get gatewayReceived() {
    return this.gateway.received;
  }

  /** Whether a bot session is connected and authenticated right now. */
  get botConnected(): boolean {
    return this.gateway.live().some((c) => c.session !== null);
  }

  // ================================================================== waiting

  private changed(): void {
    this.events.emit('change');
  }

  /**
   * Resolves with the first truthy value of `predicate`, evaluated now, after every
   * request, gateway payload and message change, and every 10 ms (so predicates on
   * the test's own state, e.g. what discord.js emitted, work too). Rejects after
   * `timeoutMs` with a summary of what the fake saw.
   */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        let v: T | undefined | null | false;
        try {
          v = predicate();
        } catch (e) {
          cleanup();
          reject(e);
          return true;
        }
        if (v) {
          cleanup();
          resolve(v);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeDiscord.waitFor: ${what} not met within ${timeoutMs} ms.\n${this.describe()}`));
      }, timeoutMs);
      const poll = setInterval(() => void check(), 10);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.events.off('change', onChange);
      };
      const onChange = () => void check();
      this.events.on('change', onChange);
      check();
    });
  }

  /** Waits for a bot message matching `predicate` (current state, edits included). */
  waitForMessage(predicate: (m: FakeMessage) => boolean, timeoutMs = 5000): Promise<FakeMessage> {
    return this.waitFor(() => this.messages.find((m) => !m.deleted && predicate(m)), timeoutMs, 'a bot message matching the predicate');
  }

  /**
   * Waits until the user who made the interaction sees an answer: the initial response
   * message (or, after a deferral, once it stops "thinking"); for component updates,
   * the updated message. Resolves with that message.
   */
  waitForReply(interactionId: string, timeoutMs = 5000): Promise<FakeMessage> {
    return this.waitFor(
      () => {
        const it = this.interactions.get(interactionId);
        if (!it?.acknowledged || !it.originalMessageId) return undefined;
        if (it.responseType === 6) {
          const m = this.store.get(it.originalMessageId);
          return m && m.history.length > 0 && m.interactionId === interactionId ? m : undefined;
        }
        const m = this.store.get(it.originalMessageId);
        return m && !m.loading ? m : undefined;
      },
      timeoutMs,
      `a visible answer to interaction ${interactionId}`,
    );
  }

  /** A human-readable summary of recent activity (used in waitFor's errors). */
  describe(): string {
    const lines: string[] = [];
    const conns = this.gateway.connections;
    lines.push(
      `Gateway: ${conns.length} connection(s); ${this.botConnected ? 'a bot session is connected' : 'NO bot session connected'}; ` +
        `identifies: ${this.gateway.identifies.map((i) => i.outcome).join(', ') || 'none'}; resumes: ${this.gateway.resumes.map((r) => r.outcome).join(', ') || 'none'}`,
    );
    for (const c of conns.slice(-4)) {
      lines.push(`  conn#${c.info.id} ${c.info.url} auth=${c.info.auth ?? '-'} ${c.info.closedAt ? `closed ${c.info.closeCode} by ${c.info.closedBy}` : 'open'}`);
    }
    const recent = this.requests.slice(-15);
    lines.push(`REST requests (${this.requests.length}, last ${recent.length}):`);
    for (const r of recent) lines.push(`  ${r.method} ${r.path} -> ${r.status || 'dropped'}${r.injected ? ` (${r.injected} injected)` : ''}${r.status >= 400 ? ` ${JSON.stringify(r.response)}` : ''}`);
    const its = [...this.interactions.values()].slice(-5);
    if (its.length) lines.push('Interactions:');
    for (const it of its) {
      lines.push(
        `  ${it.id} type ${it.type} ${it.commandName ?? it.customId ?? ''} delivered to ${it.delivery.delivered}/${it.delivery.sessions} session(s); ` +
          `responses: ${it.responses.map((r) => `${r.kind}${r.type ?? ''}=${r.status}`).join(', ') || 'none'}`,
      );
    }
    const msgs = this.messages.slice(-8);
    lines.push(`Bot messages (${this.messages.length}, last ${msgs.length}):`);
    for (const m of msgs) {
      const text = m.content || (m.embeds[0] ? `[embed] ${m.embeds[0].title ?? ''} ${String(m.embeds[0].description ?? '').slice(0, 60)}` : '') || (m.loading ? '[thinking…]' : '[no text]');
      lines.push(`  ${m.id} in ${m.channel_id} via ${m.via}${m.ephemeral ? ' ephemeral' : ''}${m.deleted ? ' DELETED' : ''}: ${JSON.stringify(text.slice(0, 100))}`);
    }
    return lines.join('\n');
  }

  // ================================================================== failures on demand

  /** The next `times` requests matching `route` fail with `status` (429s carry the headers @discordjs/rest reads). */
  failNext(route: RouteMatcher, opts: FailOptions): void {
    this.injections.push({ matcher: compileMatcher(route), describe: String(route), remaining: opts.times ?? 1, kind: 'fail', fail: opts, afterEffect: opts.afterEffect ?? false });
  }

  /** The next `times` requests matching `route` get their socket destroyed with no response. */
  dropNext(route: RouteMatcher, times = 1, opts: { afterEffect?: boolean } = {}): void {
    this.injections.push({ matcher: compileMatcher(route), describe: String(route), remaining: times, kind: 'drop', afterEffect: opts.afterEffect ?? false });
  }

  /** Close every gateway connection with a close frame (`code`, default 4000 "Unknown error", resumable). */
  closeGateway(code = 4000, reason = 'Unknown error.'): number {
    const live = this.gateway.live();
    for (const c of live) this.gateway.close(c, code, reason);
    return live.length;
  }

  /** Terminate every gateway socket with no close frame (the bot sees 1006). Sessions stay resumable. */
  dropGatewaySocket(): number {
    const live = this.gateway.live();
    for (const c of live) this.gateway.drop(c);
    return live.length;
  }

  /** Send op 7 RECONNECT to every session. */
  requestReconnect(): number {
    return this.gateway.sendOp(7, null);
  }

  /** Send op 9 INVALID_SESSION (d = resumable). */
  invalidateSession(resumable = false): number {
    if (!resumable) for (const s of this.gateway.sessions.values()) s.alive = false;
    return this.gateway.sendOp(9, resumable);
  }

  /** Send op 1: ask the bot for an immediate heartbeat. */
  requestHeartbeat(): number {
    return this.gateway.sendOp(1, null);
  }

  // ================================================================== the user side

  private resolveChannel(channelId: string | undefined, guildId: string | undefined, user: FakeUser, dm?: boolean): Channel {
    if (dm) return this.channelMap.get(this.dmChannelId(user))!;
    const ch = this.channelMap.get(channelId ?? this.channelId());
    if (!ch) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
    if (guildId && ch.guildId !== guildId) throw new Error(`FakeDiscord: channel ${ch.id} is not in guild ${guildId}`);
    if (ch.type === 1 && ch.recipient?.id !== user.id) throw new Error(`FakeDiscord: ${user.username} cannot write in another user's DM with the bot`);
    if (ch.guildId) this.guildMap.get(ch.guildId)!.members.set(user.id, this.guildMap.get(ch.guildId)!.members.get(user.id) ?? { joinedAt: new Date().toISOString() });
    return ch;
  }

  /**
   * A user runs a slash command, as Discord's client would let them: the command must
   * be registered (guild or global, usable in that context), options must be declared,
   * required ones present, choices respected. `name` may include a sub-command
   * (`'news latest'`). Dispatches INTERACTION_CREATE (type 2); returns the interaction id.
   */
  userRunsSlashCommand(args: {
    user: FakeUser;
    channelId?: string;
    guildId?: string;
    /** In the user's DM with the bot. */
    dm?: boolean;
    name: string;
    options?: Record<string, string | number | boolean | FakeUser>;
    locale?: string;
  }): string {
    const { user } = args;
    const { ch, cmd, subPath } = this.commandIn(args);
    const { options, resolved } = this.buildOptions(cmd, subPath, args.options ?? {}, null, ch);
    const data: Record<string, unknown> = { id: cmd.id, name: cmd.name, type: 1, options };
    if (cmd.guild_id) data.guild_id = cmd.guild_id;
    if (resolved) data.resolved = resolved;
    return this.dispatchInteraction({ type: 2, user, ch, locale: args.locale, data, commandName: args.name });
  }

  /**
   * A user types into an option with autocomplete. The option must be declared with
   * `autocomplete: true`. `options` are the other options already filled in.
   * Dispatches INTERACTION_CREATE (type 4); returns the interaction id.
   */
  userTypesAutocomplete(args: {
    user: FakeUser;
    channelId?: string;
    guildId?: string;
    dm?: boolean;
    name: string;
    focusedOption: string;
    value: string;
    options?: Record<string, string | number | boolean>;
    locale?: string;
  }): string {
    const { user } = args;
    const { ch, cmd, subPath } = this.commandIn(args);
    const { options } = this.buildOptions(cmd, subPath, args.options ?? {}, { name: args.focusedOption, value: args.value }, ch);
    const data: Record<string, unknown> = { id: cmd.id, name: cmd.name, type: 1, options };
    if (cmd.guild_id) data.guild_id = cmd.guild_id;
    return this.dispatchInteraction({ type: 4, user, ch, locale: args.locale, data, commandName: args.name });
  }

  /**
   * A user presses a button on a bot message (its current version). The button must
   * exist, not be disabled and not be a link button; ephemeral messages can only be
   * used by the user who sees them. Dispatches INTERACTION_CREATE (type 3); returns the interaction id.
   */
  userPressesButton(args: { user: FakeUser; message: FakeMessage | string; customId: string; channelId?: string; locale?: string }): string {
    const id = typeof args.message === 'string' ? args.message : args.message.id;
    const msg = this.store.get(id);
    if (!msg) throw new Error(`FakeDiscord: unknown message ${id}`);
    if (msg.deleted) throw new Error(`FakeDiscord: message ${id} was deleted; nobody can press its buttons`);
    if (args.channelId && args.channelId !== msg.channel_id) throw new Error(`FakeDiscord: message ${id} is not in channel ${args.channelId}`);
    if (msg.ephemeral && msg.visibleTo !== args.user.id) throw new Error(`FakeDiscord: ${args.user.username} cannot see ephemeral message ${id}`);
    const buttons = (msg.components ?? []).flatMap((row: any) => row.components ?? []);
    const button = buttons.find((b: any) => b.type === 2 && b.custom_id === args.customId);
    if (!button) {
      throw new Error(`FakeDiscord: message ${id} has no button ${args.customId} (has: ${buttons.map((b: any) => b.custom_id ?? b.url).join(', ') || 'none'})`);
    }
    if (button.disabled) throw new Error(`FakeDiscord: button ${args.customId} is disabled`);
    const ch = this.resolveChannel(msg.channel_id, undefined, args.user);
    return this.dispatchInteraction({
      type: 3,
      user: args.user,
      ch,
      locale: args.locale,
      data: { custom_id: args.customId, component_type: 2 },
      message: this.toApi(msg),
      customId: args.customId,
      sourceMessageId: msg.id,
    });
  }

  /**
   * A user posts a message. In guilds, without the MESSAGE_CONTENT intent the bot gets
   * empty content/embeds/attachments/components unless the message mentions it (DMs keep
   * them). `mentionsBot` puts `<@BOTID>` in front of the content and the bot in `mentions`.
   * Dispatches MESSAGE_CREATE (GUILD_MESSAGES / DIRECT_MESSAGES intent); returns the message id.
   */
  userSendsMessage(args: {
    user: FakeUser;
    channelId?: string;
    guildId?: string;
    dm?: boolean;
    content: string;
    mentionsBot?: boolean;
    /** Reply to a message; pings its author unless `pingOnReply` is false. */
    replyTo?: string;
    pingOnReply?: boolean;
    attachments?: Array<{ filename: string; data?: string | Buffer; contentType?: string }>;
  }): string {
    const { user } = args;
    const ch = this.resolveChannel(args.channelId, args.guildId, user, args.dm);
    const id = snowflake();
    let content = args.content;
    const botMention = `<@${this.botUser.id}>`;
    if (args.mentionsBot && !content.includes(botMention) && !content.includes(`<@!${this.botUser.id}>`)) content = `${botMention} ${content}`;
    const mentionIds = new Set<string>();
    for (const m of content.matchAll(/<@!?(\d{17,20})>/g)) mentionIds.add(m[1]);
    let referenced: FakeMessage | undefined;
    if (args.replyTo) {
      referenced = this.store.get(args.replyTo);
      if (!referenced || referenced.channel_id !== ch.id) throw new Error(`FakeDiscord: no message ${args.replyTo} in channel ${ch.id} to reply to`);
      if (args.pingOnReply !== false && referenced.author.id !== user.id) mentionIds.add(referenced.author.id);
    }
    const attachments: FakeAttachment[] = (args.attachments ?? []).map((a) => {
      const data = Buffer.isBuffer(a.data) ? a.data : Buffer.from(a.data ?? '');
      return this.storeFile(ch.id, a.filename, data, a.contentType ?? 'application/octet-stream');
    });
    const msg: FakeMessage = {
      id,
      channel_id: ch.id,
      ...(ch.guildId ? { guild_id: ch.guildId } : {}),
      author: this.apiUser(user),
      content,
      embeds: [],
      components: [],
      attachments,
      flags: 0,
      type: referenced ? 19 : 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      pinned: false,
      mention_everyone: false,
      mentions: [...mentionIds].map((uid) => this.apiUserById(uid)).filter((u): u is ApiUser => !!u),
      mention_roles: [],
      ...(referenced ? { message_reference: { type: 0, message_id: referenced.id, channel_id: ch.id, ...(ch.guildId ? { guild_id: ch.guildId } : {}) } } : {}),
      fromBot: false,
      via: 'user',
      ephemeral: false,
      loading: false,
      deleted: false,
      history: [],
    };
    if (referenced) msg.referenced_message = this.toApi(referenced);
    this.save(msg);
    this.dispatchMessage('MESSAGE_CREATE', msg);
    return id;
  }

  // ------------------------------------------------------------------ interactions plumbing

  /** The channel an interaction happens in, and the command (with its subcommand path) named by `args.name`. */
  private commandIn(args: { user: FakeUser; channelId?: string; guildId?: string; dm?: boolean; name: string }): {
    ch: Channel;
    cmd: StoredCommand;
    subPath: string[];
  } {
    const ch = this.resolveChannel(args.channelId, args.guildId, args.user, args.dm);
    const [cmdName, ...subPath] = args.name.trim().split(/\s+/);
    return { ch, cmd: this.findCommand(cmdName, ch), subPath };
  }

  private findCommand(name: string, ch: Channel): StoredCommand {
    const inGuild = ch.guildId !== null;
    const candidates = [...(inGuild ? this.commands.guilds[ch.guildId!] ?? [] : []), ...this.commands.global].filter((c) => c.type === 1 && c.name === name);
    const usable = candidates.filter((c) => {
      if (c.guild_id) return true;
      if (Array.isArray(c.contexts)) return c.contexts.includes(inGuild ? 0 : 1);
      return inGuild || c.dm_permission !== false;
    });
    if (usable.length === 0) {
      const known = [...this.commands.global, ...Object.values(this.commands.guilds).flat()].map((c) => `/${c.name}`);
      throw new Error(
        `FakeDiscord: Discord would not offer /${name} ${inGuild ? 'in this guild' : 'in a DM'}` +
          `${candidates.length ? ' (its contexts exclude it)' : ''}. Registered: ${known.join(', ') || 'none'}`,
      );
    }
    return usable[0];
  }

  private buildOptions(
    cmd: StoredCommand,
    subPath: string[],
    given: Record<string, unknown>,
    focused: { name: string; value: string } | null,
    ch: Channel,
  ): { options: any[]; resolved?: Record<string, any> } {
    let level: any[] = cmd.options ?? [];
    const wrappers: any[] = [];
    for (const sub of subPath) {
      const o = level.find((x) => x.name === sub && (x.type === 1 || x.type === 2));
      if (!o) throw new Error(`FakeDiscord: /${cmd.name} has no sub-command ${sub}`);
      wrappers.push({ type: o.type, name: o.name });
      level = o.options ?? [];
    }
    if (level.some((o) => o.type === 1 || o.type === 2)) {
      throw new Error(`FakeDiscord: /${[cmd.name, ...subPath].join(' ')} needs a sub-command (${level.map((o) => o.name).join(', ')})`);
    }
    const resolved: Record<string, any> = {};
    const leaf: any[] = [];
    const fullName = [cmd.name, ...subPath].join(' ');
    for (const [name, value] of Object.entries(given)) {
      const decl = level.find((o) => o.name === name);
      if (!decl) throw new Error(`FakeDiscord: /${fullName} has no option ${name} (has: ${level.map((o) => o.name).join(', ') || 'none'})`);
      if (focused && name === focused.name) continue;
      leaf.push({ name, type: decl.type, value: this.coerceOption(fullName, decl, value, resolved, ch) });
    }
    if (focused) {
      const decl = level.find((o) => o.name === focused.name);
      if (!decl) throw new Error(`FakeDiscord: /${fullName} has no option ${focused.name}`);
      if (!decl.autocomplete) throw new Error(`FakeDiscord: option ${focused.name} of /${fullName} has no autocomplete; Discord would not send an autocomplete interaction`);
      leaf.push({ name: focused.name, type: decl.type, value: focused.value, focused: true });
    } else {
      for (const decl of level) {
        if (decl.required && !(decl.name in given)) throw new Error(`FakeDiscord: /${fullName} requires option ${decl.name}; Discord's client would not send it without`);
      }
    }
    let options = leaf;
    for (let i = wrappers.length - 1; i >= 0; i--) options = [{ ...wrappers[i], options }];
    return { options, resolved: Object.keys(resolved).length ? resolved : undefined };
  }

  private coerceOption(cmd: string, decl: any, value: unknown, resolved: Record<string, any>, ch: Channel): unknown {
    const bad = (why: string) => new Error(`FakeDiscord: /${cmd} option ${decl.name}: ${why}`);
    switch (decl.type) {
      case 3: {
        if (typeof value !== 'string') throw bad('expects a string');
        const n = [...value].length;
        if (decl.min_length !== undefined && n < decl.min_length) throw bad(`shorter than min_length ${decl.min_length}`);
        if (decl.max_length !== undefined && n > decl.max_length) throw bad(`longer than max_length ${decl.max_length}`);
        if (n > 6000) throw bad('longer than 6000 characters');
        break;
      }
      case 4:
      case 10:
        if (typeof value !== 'number' || (decl.type === 4 && !Number.isInteger(value))) throw bad(decl.type === 4 ? 'expects an integer' : 'expects a number');
        if (decl.min_value !== undefined && value < decl.min_value) throw bad(`below min_value ${decl.min_value}`);
        if (decl.max_value !== undefined && value > decl.max_value) throw bad(`above max_value ${decl.max_value}`);
        break;
      case 5:
        if (typeof value !== 'boolean') throw bad('expects a boolean');
        break;
      case 6:
      case 9: {
        const u = typeof value === 'string' ? this.usersById.get(value) : (value as FakeUser);
        if (!u || typeof u !== 'object' || !this.usersById.has(u.id)) throw bad('expects a FakeUser from fake.user()');
        resolved.users = { ...(resolved.users ?? {}), [u.id]: this.apiUser(u) };
        if (ch.guildId) {
          resolved.members = { ...(resolved.members ?? {}), [u.id]: { ...this.memberNoUser(ch.guildId, u.id), permissions: this.memberPermissions(ch.guildId).toString() } };
        }
        return u.id;
      }
      case 7: {
        const c = typeof value === 'string' ? this.channelMap.get(value) : undefined;
        if (!c) throw bad('expects a channel id');
        resolved.channels = { ...(resolved.channels ?? {}), [c.id]: { ...this.apiChannel(c), permissions: this.memberPermissions(c.guildId ?? '').toString() } };
        return c.id;
      }
      default:
        throw bad(`option type ${decl.type} is not supported by the fake`);
    }
    if (Array.isArray(decl.choices) && decl.choices.length > 0 && !decl.choices.some((c: any) => c.value === value)) {
      throw bad(`must be one of the declared choices (${decl.choices.map((c: any) => JSON.stringify(c.value)).join(', ')})`);
    }
    return value;
  }

  private dispatchInteraction(a: {
    type: number;
    user: FakeUser;
    ch: Channel;
    locale?: string;
    data: Record<string, unknown>;
    message?: unknown;
    commandName?: string;
    customId?: string;
    sourceMessageId?: string;
  }): string {
    const now = Date.now();
    const id = snowflake(now);
    const token = interactionToken(id);
    const guild = a.ch.guildId ? this.guildMap.get(a.ch.guildId)! : null;
    const payload: Record<string, any> = {
      id,
      application_id: this.applicationId,
      type: a.type,
      data: a.data,
      channel_id: a.ch.id,
      channel: guild
        ? { ...this.apiChannel(a.ch), permissions: this.memberPermissions(guild.id).toString() }
        : { ...this.apiChannel(a.ch) },
      token,
      version: 1,
      app_permissions: (guild ? this.botChannelPermissions(a.ch) : DM_APP_PERMISSIONS).toString(),
      locale: a.locale ?? a.user.locale,
      entitlements: [],
      authorizing_integration_owners: { '0': guild ? guild.id : '0' },
      context: guild ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (guild) {
      payload.guild_id = guild.id;
      payload.guild = { id: guild.id, locale: guild.locale, features: [] };
      payload.guild_locale = guild.locale;
      payload.member = { ...this.memberNoUser(guild.id, a.user.id), user: this.apiUser(a.user), permissions: this.memberPermissions(guild.id).toString() };
    } else {
      payload.user = this.apiUser(a.user);
    }
    if (a.message) payload.message = a.message;
    const record: FakeInteraction = {
      id,
      token,
      type: a.type,
      createdAt: now,
      channelId: a.ch.id,
      guildId: guild?.id ?? null,
      user: a.user,
      commandName: a.commandName,
      customId: a.customId,
      sourceMessageId: a.sourceMessageId,
      payload,
      delivery: { sessions: 0, delivered: 0 },
      acknowledged: false,
      responses: [],
    };
    this.interactions.set(id, record);
    record.delivery = this.gateway.dispatch('INTERACTION_CREATE', () => payload);
    return id;
  }

  // ------------------------------------------------------------------ API object builders

  private apiUser(u: FakeUser): ApiUser {
    return {
      id: u.id,
      username: u.username,
      discriminator: '0',
      global_name: u.globalName,
      avatar: null,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      collectibles: null,
      primary_guild: null,
    };
  }

  private apiUserById(id: string): ApiUser | undefined {
    if (id === this.botUser.id) return clone(this.botUser);
    const u = this.usersById.get(id);
    return u ? this.apiUser(u) : undefined;
  }

  private memberNoUser(guildId: string, userId: string): Record<string, unknown> {
    const g = this.guildMap.get(guildId)!;
    const isBot = userId === this.botUser.id;
    const joined = isBot ? g.joinedAt : (g.members.get(userId)?.joinedAt ?? g.joinedAt);
    return {
      avatar: null,
      banner: null,
      communication_disabled_until: null,
      deaf: false,
      flags: 0,
      joined_at: joined,
      mute: false,
      nick: null,
      pending: false,
      premium_since: null,
      roles: isBot ? [g.botRoleId] : [],
    };
  }

  private apiChannel(c: Channel): Record<string, unknown> {
    if (c.type === 1) {
      return { id: c.id, type: 1, last_message_id: c.lastMessageId, flags: 0, recipients: c.recipient ? [this.apiUser(c.recipient)] : [] };
    }
    return {
      id: c.id,
      type: c.type,
      guild_id: c.guildId,
      name: c.name,
      position: c.position,
      parent_id: null,
      topic: c.topic,
      nsfw: false,
      last_message_id: c.lastMessageId,
      rate_limit_per_user: 0,
      flags: 0,
      permission_overwrites: c.botDeny ? [{ id: this.botUser.id, type: 1, allow: '0', deny: c.botDeny.toString() }] : [],
    };
  }

  private memberPermissions(guildId: string): bigint {
    const g = this.guildMap.get(guildId);
    if (!g) return 0n;
    return g.everyonePermissions;
  }

  /** Discord's algorithm: @everyone | roles, ADMINISTRATOR → all, then member overwrite deny. */
  private botChannelPermissions(c: Channel): bigint {
    if (!c.guildId) return DM_APP_PERMISSIONS;
    const g = this.guildMap.get(c.guildId)!;
    const base = g.everyonePermissions | g.botPermissions;
    if (base & Permissions.Administrator) return (1n << 53n) - 1n;
    let p = base & ~c.botDeny;
    if (!(p & Permissions.ViewChannel)) p = 0n;
    return p;
  }

  /** Application flags for the privileged intents granted (the *_LIMITED ones an unverified bot has). */
  private appFlags(): number {
    const privileged = this.opts.intentsAllowed;
    let flags = 0;
    if (privileged & Intents.GuildPresences) flags |= 1 << 13; // GATEWAY_PRESENCE_LIMITED
    if (privileged & Intents.GuildMembers) flags |= 1 << 15; // GATEWAY_GUILD_MEMBERS_LIMITED
    if (privileged & Intents.MessageContent) flags |= 1 << 19; // GATEWAY_MESSAGE_CONTENT_LIMITED
    return flags;
  }

  private readyData(session: GatewaySession): Record<string, unknown> {
    const flags = this.appFlags();
    return {
      v: 10,
      user_settings: {},
      user: { ...clone(this.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: [...this.guildMap.keys()].map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: `${this.gatewayUrl}/resume`,
      shard: session.shard,
      application: { id: this.applicationId, flags },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["fake-gateway",{}]'],
    };
  }

  private guildCreate(g: Guild): Record<string, unknown> {
    const channels = [...this.channelMap.values()]
      .filter((c) => c.guildId === g.id)
      .map((c) => {
        const { guild_id: _omit, ...rest } = this.apiChannel(c);
        return rest;
      });
    return {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      nsfw: false,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: g.locale,
      features: [],
      application_id: null,
      system_channel_id: channels[0]?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500000,
      max_presences: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      roles: [
        { id: g.id, name: '@everyone', permissions: g.everyonePermissions.toString(), position: 0, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, managed: false, mentionable: false, icon: null, unicode_emoji: null, flags: 0 },
        { id: g.botRoleId, name: this.botUser.username, permissions: g.botPermissions.toString(), position: 1, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, managed: true, mentionable: false, icon: null, unicode_emoji: null, flags: 0, tags: { bot_id: this.botUser.id } },
      ],
      emojis: [],
      stickers: [],
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      member_count: 2 + g.members.size,
      lazy: true,
      voice_states: [],
      members: [{ ...this.memberNoUser(g.id, this.botUser.id), user: clone(this.botUser) }],
      channels,
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      incidents_data: null,
      hub_type: null,
    };
  }

  /** The message object as Discord sends it (fake-side fields stripped). */
  private toApi(m: FakeMessage): Record<string, unknown> {
    const { fromBot: _a, via: _b, interactionId: _c, ephemeral: _d, visibleTo: _e, loading: _f, deleted: _g, history: _h, allowed_mentions: _i, ...api } = m;
    const out = clone(api) as Record<string, unknown>;
    const ch = this.channelMap.get(m.channel_id);
    if (ch) out.channel_type = ch.type;
    return out;
  }

  /** What an observer without MESSAGE_CONTENT sees of a message (Discord blanks these fields). */
  private contentVisible(m: FakeMessage, hasMessageContent: boolean): boolean {
    if (hasMessageContent || m.fromBot || !m.guild_id) return true;
    return m.mentions.some((u) => u.id === this.botUser.id);
  }

  private blanked(api: Record<string, unknown>): Record<string, unknown> {
    return { ...api, content: '', embeds: [], attachments: [], components: [], ...(api.poll ? { poll: null } : {}) };
  }

  private dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', m: FakeMessage): void {
    if (m.ephemeral) return;
    const api = this.toApi(m);
    if (m.guild_id && !m.fromBot) api.member = this.memberNoUser(m.guild_id, m.author.id);
    if (m.guild_id && m.fromBot) api.member = this.memberNoUser(m.guild_id, this.botUser.id);
    if (Array.isArray(api.mentions) && m.guild_id) {
      api.mentions = (api.mentions as ApiUser[]).map((u) => ({ ...u, member: this.memberNoUser(m.guild_id!, u.id) }));
    }
    const intent = m.guild_id ? Intents.GuildMessages : Intents.DirectMessages;
    this.gateway.dispatch(t, (s) => {
      if (!(s.intents & intent)) return null;
      return this.contentVisible(m, (s.intents & Intents.MessageContent) !== 0) ? api : this.blanked(api);
    });
  }

  private dispatchDelete(m: FakeMessage): void {
    if (m.ephemeral) return;
    const intent = m.guild_id ? Intents.GuildMessages : Intents.DirectMessages;
    const d = { id: m.id, channel_id: m.channel_id, ...(m.guild_id ? { guild_id: m.guild_id } : {}) };
    this.gateway.dispatch('MESSAGE_DELETE', (s) => (s.intents & intent ? d : null));
  }

  private save(m: FakeMessage): void {
    this.store.set(m.id, m);
    this.order.push(m.id);
    const ch = this.channelMap.get(m.channel_id);
    if (ch && !m.ephemeral) ch.lastMessageId = m.id;
    this.changed();
  }

  private storeFile(channelId: string, filename: string, data: Buffer, contentType: string): FakeAttachment {
    const id = snowflake();
    const url = `http://127.0.0.1:${this.port}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    this.files.set(`${channelId}/${id}/${encodeURIComponent(filename)}`, { data, contentType });
    return { id, filename, size: data.length, url, proxy_url: url, content_type: contentType };
  }

  /** Who the bot's message pings, following Discord's allowed_mentions rules. */
  private computeMentions(
    content: string,
    am: FakeMessage['allowed_mentions'],
    repliedAuthorId: string | undefined,
    canMentionEveryone: boolean,
  ): { mentions: ApiUser[]; mention_everyone: boolean; mention_roles: string[] } {
    const inText = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]);
    const rolesInText = [...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1]);
    const everyoneInText = /@(everyone|here)\b/.test(content);
    let users: string[];
    let roles: string[];
    let everyone: boolean;
    let replied: boolean;
    if (!am) {
      users = inText;
      roles = rolesInText;
      everyone = everyoneInText;
      replied = true;
    } else {
      const parse = am.parse ?? [];
      users = parse.includes('users') ? inText : inText.filter((id) => (am.users ?? []).includes(id));
      roles = parse.includes('roles') ? rolesInText : rolesInText.filter((id) => (am.roles ?? []).includes(id));
      everyone = parse.includes('everyone') && everyoneInText;
      replied = am.replied_user === true;
    }
    const ids = new Set(users);
    if (replied && repliedAuthorId && repliedAuthorId !== this.botUser.id) ids.add(repliedAuthorId);
    return {
      mentions: [...ids].map((id) => this.apiUserById(id)).filter((u): u is ApiUser => !!u),
      mention_everyone: everyone && canMentionEveryone,
      mention_roles: [...new Set(roles)],
    };
  }

  /** Builds a new bot message from a (validated) body. */
  private newBotMessage(
    ch: Channel,
    body: Record<string, any>,
    files: Ctx['files'],
    extra: Partial<FakeMessage> & Pick<FakeMessage, 'via' | 'type'>,
  ): FakeMessage {
    const now = new Date().toISOString();
    const attachments = this.attachmentsFrom(ch.id, body, files);
    const flags = Number(body.flags ?? 0) & (SENDABLE_FLAGS | (extra.via === 'channel' ? 0 : MSG_FLAG_EPHEMERAL));
    const ephemeral = (flags & MSG_FLAG_EPHEMERAL) !== 0;
    const msg: FakeMessage = {
      id: snowflake(),
      channel_id: ch.id,
      ...(ch.guildId ? { guild_id: ch.guildId } : {}),
      author: clone(this.botUser),
      content: typeof body.content === 'string' ? body.content : '',
      embeds: clone(body.embeds ?? []),
      components: clone(body.components ?? []),
      attachments,
      flags,
      timestamp: now,
      edited_timestamp: null,
      tts: body.tts === true,
      pinned: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      fromBot: true,
      ephemeral,
      loading: false,
      deleted: false,
      history: [],
      ...extra,
    };
    if (body.allowed_mentions !== undefined && body.allowed_mentions !== null) msg.allowed_mentions = clone(body.allowed_mentions);
    const replied = msg.message_reference?.message_id ? this.store.get(msg.message_reference.message_id) : undefined;
    Object.assign(msg, this.computeMentions(msg.content, msg.allowed_mentions, replied?.author.id, (this.botChannelPermissions(ch) & Permissions.MentionEveryone) !== 0n));
    return msg;
  }

  private attachmentsFrom(channelId: string, body: Record<string, any>, files: Ctx['files']): FakeAttachment[] {
    const out: FakeAttachment[] = [];
    const meta: any[] = Array.isArray(body.attachments) ? body.attachments : [];
    files.forEach((f, i) => {
      const m = meta.find((a) => String(a.id) === String(i)) ?? {};
      const att = this.storeFile(channelId, m.filename ?? f.filename, f.data, f.contentType);
      if (m.description) att.description = m.description;
      out.push(att);
    });
    return out;
  }

  /** Applies an edit body to a message (fields present replace the old ones). */
  private applyEdit(m: FakeMessage, body: Record<string, any>, files: Ctx['files']): void {
    m.history.push({ at: Date.now(), content: m.content, embeds: clone(m.embeds), components: clone(m.components), flags: m.flags });
    if ('content' in body) m.content = body.content ?? '';
    if ('embeds' in body) m.embeds = clone(body.embeds ?? []);
    if ('components' in body) m.components = clone(body.components ?? []);
    if ('attachments' in body || files.length) {
      const kept = Array.isArray(body.attachments) ? m.attachments.filter((a) => body.attachments.some((x: any) => String(x.id) === a.id)) : m.attachments;
      m.attachments = [...kept, ...this.attachmentsFrom(m.channel_id, { attachments: (body.attachments ?? []).filter((x: any) => !m.attachments.some((a) => a.id === String(x.id))) }, files)];
    }
    if ('flags' in body && body.flags !== null && body.flags !== undefined) {
      m.flags = (m.flags & ~4) | (Number(body.flags) & 4);
    }
    if (body.allowed_mentions !== undefined) m.allowed_mentions = body.allowed_mentions === null ? undefined : clone(body.allowed_mentions);
    m.loading = false;
    m.flags &= ~MSG_FLAG_LOADING;
    m.edited_timestamp = new Date().toISOString();
    const ch = this.channelMap.get(m.channel_id)!;
    const replied = m.message_reference?.message_id ? this.store.get(m.message_reference.message_id) : undefined;
    Object.assign(m, this.computeMentions(m.content, m.allowed_mentions, replied?.author.id, (this.botChannelPermissions(ch) & Permissions.MentionEveryone) !== 0n));
    this.changed();
  }

  // ================================================================== HTTP

  private async readBody(req: http.IncomingMessage): Promise<{ body: any; files: Ctx['files']; bad?: Reply }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const ct = req.headers['content-type'] ?? '';
    if (raw.length === 0) return { body: undefined, files: [] };
    if (ct.startsWith('application/json')) {
      try {
        return { body: JSON.parse(raw.toString('utf8')), files: [] };
      } catch {
        return { body: undefined, files: [], bad: err(400, 50109, 'The request body contains invalid JSON.') };
      }
    }
    if (ct.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': ct }, body: raw }).formData();
      let body: any = {};
      const files: Ctx['files'] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') {
            try {
              body = JSON.parse(value);
            } catch {
              return { body: undefined, files: [], bad: err(400, 50109, 'The request body contains invalid JSON.') };
            }
          }
        } else {
          const data = Buffer.from(await value.arrayBuffer());
          files.push({ field, filename: value.name, size: data.length, contentType: value.type || 'application/octet-stream', data });
        }
      }
      return { body, files };
    }
    return { body: raw.toString('utf8'), files: [] };
  }

  private send(res: http.ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    headers['content-type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(JSON.stringify(reply.body));
  }

  private failureReply(f: FailOptions): Reply {
    const status = f.status;
    if (status === 429) {
      const retryAfter = f.retryAfter ?? 0.2;
      const headers: Record<string, string> = {
        'retry-after': String(retryAfter),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String((Date.now() / 1000 + retryAfter).toFixed(3)),
        'x-ratelimit-reset-after': String(retryAfter),
        'x-ratelimit-bucket': 'fakebucket0000000000000000000000',
        'x-ratelimit-scope': f.global ? 'global' : 'user',
      };
      if (f.global) headers['x-ratelimit-global'] = 'true';
      return { status, headers, body: f.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global: f.global ?? false } };
    }
    const defaults: Record<number, unknown> = {
      400: { message: 'Invalid Form Body', code: 50035, errors: {} },
      401: { message: '401: Unauthorized', code: 0 },
      403: { message: 'Missing Permissions', code: 50013 },
      404: { message: '404: Not Found', code: 0 },
      500: { message: '500: Internal Server Error', code: 0 },
      502: { message: '502: Bad Gateway', code: 0 },
      503: { message: '503: Service Unavailable', code: 0 },
    };
    return { status, body: f.body ?? defaults[status] ?? { message: `${status}`, code: 0 } };
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/attachments/')) {
      const f = this.files.get(url.pathname.slice('/attachments/'.length));
      if (!f) return this.send(res, NOT_FOUND);
      res.writeHead(200, { 'content-type': f.contentType, 'content-length': String(f.data.length) });
      res.end(f.data);
      return;
    }
    const m = /^\/api\/v(\d+)(\/.*?)\/?$/.exec(url.pathname);
    if (!m) return this.send(res, NOT_FOUND);
    const path = m[2];
    const { body, files, bad } = await this.readBody(req);
    const record: RequestRecord = {
      at: Date.now(),
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files: files.map(({ data: _d, ...f }) => f),
      status: 0,
    };
    this.requests.push(record);
    if (m[1] !== '10') return this.finish(res, record, err(404, 0, `404: Not Found (the fake serves API v10 only, got v${m[1]})`));

    const inj = this.injections.find((i) => i.remaining > 0 && i.matcher(method, path, body));
    if (inj) inj.remaining--;
    if (inj && !inj.afterEffect) return this.inject(req, res, record, inj);
    if (bad) return this.finish(res, record, bad);

    let reply: Reply = NOT_FOUND;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.re.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => (params[k] = decodeURIComponent(match[i + 1])));
      const authorization = req.headers.authorization;
      if (route.auth && authorization !== `Bot ${this.token}`) {
        reply = UNAUTHORIZED;
        break;
      }
      reply = await route.handler({ method, path, params, query: url.searchParams, body, files, authorization });
      break;
    }
    if (inj) return this.inject(req, res, record, inj);
    this.finish(res, record, reply);
  }

  private inject(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord, inj: Injection): void {
    record.injected = inj.kind;
    if (inj.kind === 'drop') {
      record.status = 0;
      req.socket.destroy();
      this.changed();
      return;
    }
    this.finish(res, record, this.failureReply(inj.fail!));
  }

  private finish(res: http.ServerResponse, record: RequestRecord, reply: Reply): void {
    record.status = reply.status;
    record.response = reply.body;
    this.send(res, reply);
    this.changed();
  }

  // ================================================================== routes

  private route(method: string, pattern: string, handler: Handler, auth = true): void {
    const { re, keys } = compileRoute(pattern);
    this.routes.push({ method, re, keys, auth, handler });
  }

  private defineRoutes(): void {
    const r = this.route.bind(this);
    r('GET', '/gateway', () => ({ status: 200, body: { url: this.gatewayUrl } }), false);
    r('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: this.gateway.sessionStartRemaining, reset_after: 86_400_000, max_concurrency: 1 },
      },
    }));
    r('GET', '/users/@me', () => ({ status: 200, body: clone(this.botUser) }));
    r('GET', '/users/:id', ({ params }) => {
      const u = this.apiUserById(params.id);
      return u ? { status: 200, body: u } : err(404, 10013, 'Unknown User');
    });
    r('GET', '/applications/@me', () => ({ status: 200, body: this.applicationObject() }));
    r('GET', '/oauth2/applications/@me', () => ({ status: 200, body: this.applicationObject() }));

    // application commands
    const cmdScope = (params: Record<string, string>): Reply | { list: StoredCommand[]; set: (l: StoredCommand[]) => void; guildId?: string } => {
      if (params.app !== this.applicationId) return err(403, 20012, 'You are not authorized to perform this action on this application');
      if (params.guild === undefined) return { list: this.commands.global, set: (l) => (this.commands.global = l) };
      if (!this.guildMap.has(params.guild)) return MISSING_ACCESS;
      return { list: this.commands.guilds[params.guild] ?? [], set: (l) => (this.commands.guilds[params.guild] = l), guildId: params.guild };
    };
    for (const base of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
      r('GET', base, ({ params, query }) => {
        const s = cmdScope(params);
        if ('status' in s) return s;
        const withLoc = query.get('with_localizations') === 'true';
        return { status: 200, body: s.list.map((c) => (withLoc ? clone(c) : stripLocalizations(c))) };
      });
      r('PUT', base, ({ params, body }) => {
        const s = cmdScope(params);
        if ('status' in s) return s;
        const errors = checkCommandList(body);
        if (!errors.empty) return { status: 400, body: errors.body() };
        const next = (body as any[]).map((c) => this.storeCommand(c, s.list, s.guildId));
        s.set(next);
        this.changed();
        return { status: 200, body: next.map(clone) };
      });
      r('POST', base, ({ params, body }) => {
        const s = cmdScope(params);
        if ('status' in s) return s;
        const errors = new FormErrors();
        checkCommand(errors, [], body);
        if (!errors.empty) return { status: 400, body: errors.body() };
        const existing = s.list.find((c) => c.name === body.name && c.type === (body.type ?? 1));
        const stored = this.storeCommand(body, s.list, s.guildId);
        s.set(existing ? s.list.map((c) => (c === existing ? stored : c)) : [...s.list, stored]);
        this.changed();
        return { status: existing ? 200 : 201, body: clone(stored) };
      });
      r('GET', `${base}/:cmd`, ({ params }) => {
        const s = cmdScope(params);
        if ('status' in s) return s;
        const c = s.list.find((x) => x.id === params.cmd);
        return c ? { status: 200, body: clone(c) } : err(404, 10063, 'Unknown application command');
      });
      r('PATCH', `${base}/:cmd`, ({ params, body }) => {
        const s = cmdScope(params);
        if ('status' in s) return s;
        const c = s.list.find((x) => x.id === params.cmd);
        if (!c) return err(404, 10063, 'Unknown application command');
        const merged = { ...c, ...body };
        const errors = new FormErrors();
        checkCommand(errors, [], merged);
        if (!errors.empty) return { status: 400, body: errors.body() };
        const stored = this.storeCommand(merged, s.list, s.guildId);
        s.set(s.list.map((x) => (x === c ? stored : x)));
        this.changed();
        return { status: 200, body: clone(stored) };
      });
      r('DELETE', `${base}/:cmd`, ({ params }) => {
        const s = cmdScope(params);
        if ('status' in s) return s;
        if (!s.list.some((x) => x.id === params.cmd)) return err(404, 10063, 'Unknown application command');
        s.set(s.list.filter((x) => x.id !== params.cmd));
        this.changed();
        return { status: 204 };
      });
    }

    // interactions
    r('POST', '/interactions/:id/:token/callback', (ctx) => this.interactionCallback(ctx), false);
    r('POST', '/webhooks/:app/:token', (ctx) => this.webhookExecute(ctx), false);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      r(method, '/webhooks/:app/:token/messages/:mid', (ctx) => this.webhookMessage(ctx), false);
    }

    // channels
    r('GET', '/channels/:cid', ({ params }) => {
      const ch = this.channelMap.get(params.cid);
      if (!ch) return UNKNOWN_CHANNEL;
      if (ch.guildId && !(this.botChannelPermissions(ch) & Permissions.ViewChannel)) return MISSING_ACCESS;
      return { status: 200, body: this.apiChannel(ch) };
    });
    r('POST', '/channels/:cid/messages', (ctx) => this.createChannelMessage(ctx));
    r('GET', '/channels/:cid/messages', ({ params, query }) => {
      const ch = this.channelMap.get(params.cid);
      if (!ch) return UNKNOWN_CHANNEL;
      const denied = this.readDenied(ch);
      if (denied) return denied;
      const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)));
      let list = this.channelHistory(ch.id).filter((m) => !m.ephemeral);
      const before = query.get('before');
      const after = query.get('after');
      if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
      if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
      list = after ? list.slice(0, limit) : list.slice(-limit);
      return { status: 200, body: list.reverse().map((m) => this.restView(m)) };
    });
    r('GET', '/channels/:cid/messages/:mid', ({ params }) => {
      const ch = this.channelMap.get(params.cid);
      if (!ch) return UNKNOWN_CHANNEL;
      const denied = this.readDenied(ch);
      if (denied) return denied;
      const m = this.store.get(params.mid);
      if (!m || m.channel_id !== ch.id || m.deleted || m.ephemeral) return UNKNOWN_MESSAGE;
      return { status: 200, body: this.restView(m) };
    });
    r('PATCH', '/channels/:cid/messages/:mid', (ctx) => this.editChannelMessage(ctx));
    r('DELETE', '/channels/:cid/messages/:mid', ({ params }) => {
      const ch = this.channelMap.get(params.cid);
      if (!ch) return UNKNOWN_CHANNEL;
      const m = this.store.get(params.mid);
      if (!m || m.channel_id !== ch.id || m.deleted || m.ephemeral) return UNKNOWN_MESSAGE;
      if (!m.fromBot) {
        if (!ch.guildId) return err(403, 50003, 'Cannot execute action on a DM channel');
        if (!(this.botChannelPermissions(ch) & Permissions.ManageMessages)) return MISSING_PERMISSIONS;
      }
      m.deleted = true;
      this.dispatchDelete(m);
      this.changed();
      return { status: 204 };
    });
    r('POST', '/channels/:cid/typing', ({ params }) => {
      const ch = this.channelMap.get(params.cid);
      if (!ch) return UNKNOWN_CHANNEL;
      if (ch.guildId && !(this.botChannelPermissions(ch) & Permissions.SendMessages)) return MISSING_PERMISSIONS;
      this.typing.push({ at: Date.now(), channelId: ch.id });
      return { status: 204 };
    });
    r('PUT', '/channels/:cid/messages/:mid/reactions/:emoji/@me', ({ params }) => this.react(params, true));
    r('DELETE', '/channels/:cid/messages/:mid/reactions/:emoji/@me', ({ params }) => this.react(params, false));
    r('POST', '/users/@me/channels', ({ body }) => {
      const u = this.usersById.get(String(body?.recipient_id));
      if (!u) return err(400, 50035, 'Invalid Form Body');
      return { status: 200, body: this.apiChannel(this.channelMap.get(this.dmChannelId(u))!) };
    });
    r('GET', '/guilds/:gid', ({ params }) => {
      const g = this.guildMap.get(params.gid);
      if (!g) return MISSING_ACCESS;
      const { channels: _c, members: _m, voice_states: _v, presences: _p, threads: _t, ...rest } = this.guildCreate(g);
      return { status: 200, body: rest };
    });
    r('GET', '/guilds/:gid/channels', ({ params }) => {
      if (!this.guildMap.has(params.gid)) return MISSING_ACCESS;
      return { status: 200, body: [...this.channelMap.values()].filter((c) => c.guildId === params.gid).map((c) => this.apiChannel(c)) };
    });
    r('GET', '/guilds/:gid/members/:uid', ({ params }) => {
      const g = this.guildMap.get(params.gid);
      if (!g) return MISSING_ACCESS;
      const isBot = params.uid === this.botUser.id;
      if (!isBot && !g.members.has(params.uid)) return err(404, 10007, 'Unknown Member');
      return { status: 200, body: { ...this.memberNoUser(g.id, params.uid), user: this.apiUserById(params.uid) } };
    });
  }

  private applicationObject(): Record<string, unknown> {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: 'f'.repeat(64),
      flags: this.appFlags(),
      owner: this.apiUser(this.guildOwner),
      team: null,
      bot: clone(this.botUser),
      approximate_guild_count: this.guildMap.size,
      redirect_uris: [],
      interactions_endpoint_url: null,
      install_params: { scopes: ['bot', 'applications.commands'], permissions: DEFAULT_BOT_PERMISSIONS.toString() },
      integration_types_config: { '0': {} },
      tags: [],
    };
  }

  private storeCommand(body: any, previous: StoredCommand[], guildId: string | undefined): StoredCommand {
    const type = body.type ?? 1;
    const old = previous.find((c) => c.name === body.name && c.type === type);
    const stored: StoredCommand = {
      id: old?.id ?? snowflake(),
      application_id: this.applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      version: snowflake(),
      type,
      name: body.name,
      name_localizations: body.name_localizations ?? null,
      description: body.description ?? '',
      description_localizations: body.description_localizations ?? null,
      ...(body.options?.length ? { options: clone(body.options) } : {}),
      default_member_permissions: body.default_member_permissions ?? null,
      ...(guildId ? {} : { dm_permission: body.dm_permission ?? true }),
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [0],
      nsfw: body.nsfw ?? false,
    };
    return stored;
  }

  /** Bot reading a channel needs VIEW_CHANNEL and READ_MESSAGE_HISTORY. */
  private readDenied(ch: Channel): Reply | null {
    if (!ch.guildId) return null;
    const p = this.botChannelPermissions(ch);
    if (!(p & Permissions.ViewChannel)) return MISSING_ACCESS;
    if (!(p & Permissions.ReadMessageHistory)) return MISSING_PERMISSIONS;
    return null;
  }

  /** A message as REST shows it to the app (blanked if the app lacks the MESSAGE_CONTENT intent). */
  private restView(m: FakeMessage): Record<string, unknown> {
    const api = this.toApi(m);
    return this.contentVisible(m, (this.opts.intentsAllowed & Intents.MessageContent) !== 0) ? api : this.blanked(api);
  }

  private react(params: Record<string, string>, add: boolean): Reply {
    const ch = this.channelMap.get(params.cid);
    if (!ch) return UNKNOWN_CHANNEL;
    const m = this.store.get(params.mid);
    if (!m || m.channel_id !== ch.id || m.deleted || m.ephemeral) return UNKNOWN_MESSAGE;
    if (add && ch.guildId && !(this.botChannelPermissions(ch) & Permissions.AddReactions)) return MISSING_PERMISSIONS;
    const raw = decodeURIComponent(params.emoji);
    const custom = /^(.+):(\d{17,20})$/.exec(raw);
    const emoji = custom ? { id: custom[2], name: custom[1] } : { id: null, name: raw };
    m.reactions ??= [];
    const existing = m.reactions.find((r) => r.emoji.name === emoji.name && r.emoji.id === emoji.id);
    if (add) {
      if (!existing) m.reactions.push({ emoji, count: 1, me: true });
      else if (!existing.me) (existing.me = true), existing.count++;
    } else if (existing?.me) {
      existing.me = false;
      existing.count--;
      if (existing.count === 0) m.reactions = m.reactions.filter((r) => r !== existing);
    }
    this.changed();
    return { status: 204 };
  }

  // ------------------------------------------------------------------ channel messages

  private createChannelMessage({ params, body, files }: Ctx): Reply {
    const ch = this.channelMap.get(params.cid);
    if (!ch) return UNKNOWN_CHANNEL;
    if (ch.guildId) {
      const p = this.botChannelPermissions(ch);
      if (!(p & Permissions.ViewChannel)) return MISSING_ACCESS;
      if (!(p & Permissions.SendMessages)) return MISSING_PERMISSIONS;
      if (files.length && !(p & Permissions.AttachFiles)) return MISSING_PERMISSIONS;
    } else if (ch.recipient && !ch.recipient.acceptsDMs) {
      return err(403, 50007, 'Cannot send messages to this user');
    }
    const b = isObj(body) ? body : {};
    const { errors, empty } = checkMessageBody(b, { fileCount: files.length });
    let reference: FakeMessage['message_reference'];
    if (b.message_reference !== undefined && b.message_reference !== null) {
      const ref = b.message_reference;
      const target = this.store.get(String(ref.message_id));
      const refChannel = ref.channel_id ?? ch.id;
      if (!target || target.deleted || target.ephemeral || target.channel_id !== refChannel || refChannel !== ch.id) {
        if (ref.fail_if_not_exists !== false) {
          errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
        }
      } else {
        reference = { type: ref.type ?? 0, message_id: target.id, channel_id: ch.id, ...(ch.guildId ? { guild_id: ch.guildId } : {}) };
      }
    }
    if (!errors.empty) return { status: 400, body: errors.body() };
    if (empty) return { status: 400, body: EMPTY_MESSAGE };
    const msg = this.newBotMessage(ch, b, files, { via: 'channel', type: reference ? 19 : 0, ...(reference ? { message_reference: reference } : {}) });
    if (reference) msg.referenced_message = this.toApi(this.store.get(reference.message_id!)!);
    if (ch.guildId && msg.embeds.length && !(this.botChannelPermissions(ch) & Permissions.EmbedLinks)) msg.embeds = []; // Discord drops embeds without EMBED_LINKS
    this.save(msg);
    this.dispatchMessage('MESSAGE_CREATE', msg);
    return { status: 200, body: this.toApi(msg) };
  }

  private editChannelMessage({ params, body, files }: Ctx): Reply {
    const ch = this.channelMap.get(params.cid);
    if (!ch) return UNKNOWN_CHANNEL;
    const m = this.store.get(params.mid);
    if (!m || m.channel_id !== ch.id || m.deleted || m.ephemeral) return UNKNOWN_MESSAGE;
    if (!m.fromBot) return err(403, 50005, 'Cannot edit a message authored by another user');
    return this.editMessage(m, body, files, []);
  }

  /** Validates an edit, applies it, dispatches MESSAGE_UPDATE. */
  private editMessage(m: FakeMessage, body: unknown, files: Ctx['files'], prefix: string[]): Reply {
    const b = isObj(body) ? body : {};
    const { errors } = checkMessageBody(b, { fileCount: files.length, edit: true, prefix });
    if (!errors.empty) return { status: 400, body: errors.body() };
    const merged = {
      content: 'content' in b ? b.content : m.content,
      embeds: 'embeds' in b ? b.embeds : m.embeds,
      components: 'components' in b ? b.components : m.components,
      attachments: 'attachments' in b ? b.attachments : m.attachments,
    };
    if (!hasVisibleContent(merged) && files.length === 0) return { status: 400, body: EMPTY_MESSAGE };
    this.applyEdit(m, b, files);
    this.dispatchMessage('MESSAGE_UPDATE', m);
    return { status: 200, body: this.toApi(m) };
  }

  // ------------------------------------------------------------------ interaction callbacks and webhooks

  private respond(it: FakeInteraction, rec: Omit<InteractionResponseRecord, 'at' | 'status' | 'error'>, reply: Reply): Reply {
    it.responses.push({ at: Date.now(), ...rec, status: reply.status, ...(reply.status >= 400 ? { error: reply.body } : {}) });
    this.changed();
    return reply;
  }

  private interactionCallback({ params, body, query }: Ctx): Reply {
    const it = this.interactions.get(params.id);
    if (!it || it.token !== params.token) return UNKNOWN_INTERACTION;
    const b = isObj(body) ? body : {};
    const type = b.type;
    const rec = { kind: 'callback' as const, type, body: clone(body) };
    if (Date.now() - it.createdAt > this.opts.interactionWindowMs) return this.respond(it, rec, UNKNOWN_INTERACTION);
    if (it.acknowledged) return this.respond(it, rec, ALREADY_ACKED);
    const allowed: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
    if (!(allowed[it.type] ?? []).includes(type)) {
      const errors = new FormErrors();
      errors.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${type} is not valid for interaction type ${it.type}`);
      return this.respond(it, rec, { status: 400, body: errors.body() });
    }
    const ch = this.channelMap.get(it.channelId)!;
    const data = isObj(b.data) ? b.data : {};
    let message: FakeMessage | undefined;
    if (type === 4 || type === 7) {
      const { errors, empty } = checkMessageBody(data, { prefix: ['data'], edit: type === 7 });
      if (!errors.empty) return this.respond(it, rec, { status: 400, body: errors.body() });
      if (type === 4 && empty) return this.respond(it, rec, { status: 400, body: EMPTY_MESSAGE });
    }
    if (type === 8) {
      const errors = checkAutocompleteData(data);
      if (!errors.empty) return this.respond(it, rec, { status: 400, body: errors.body() });
    }
    if (type === 9) {
      const errors = new FormErrors();
      if (typeof data.custom_id !== 'string' || data.custom_id.length < 1 || data.custom_id.length > 100) errors.add(['data', 'custom_id'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      if (typeof data.title !== 'string' || data.title.length < 1 || data.title.length > 45) errors.add(['data', 'title'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 45 in length.');
      if (!Array.isArray(data.components) || data.components.length < 1 || data.components.length > 5) errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
      if (!errors.empty) return this.respond(it, rec, { status: 400, body: errors.body() });
    }

    const meta = this.interactionMetadata(it);
    switch (type) {
      case 4:
        message = this.newBotMessage(ch, data, [], { via: 'interaction', type: it.type === 2 ? 20 : 0, interactionId: it.id, interaction_metadata: meta, webhook_id: this.applicationId, application_id: this.applicationId });
        if (message.ephemeral) message.visibleTo = it.user.id;
        it.originalMessageId = message.id;
        this.save(message);
        this.dispatchMessage('MESSAGE_CREATE', message);
        break;
      case 5: {
        const flags = (Number(data.flags ?? 0) & MSG_FLAG_EPHEMERAL) | MSG_FLAG_LOADING;
        message = this.newBotMessage(ch, { flags: flags & MSG_FLAG_EPHEMERAL }, [], {
          via: 'interaction',
          type: it.type === 2 ? 20 : 0,
          interactionId: it.id,
          interaction_metadata: meta,
          webhook_id: this.applicationId,
          application_id: this.applicationId,
        });
        message.flags |= MSG_FLAG_LOADING;
        message.loading = true;
        if (message.ephemeral) message.visibleTo = it.user.id;
        it.originalMessageId = message.id;
        this.save(message);
        this.dispatchMessage('MESSAGE_CREATE', message);
        break;
      }
      case 6:
        it.originalMessageId = it.sourceMessageId;
        break;
      case 7: {
        const source = this.store.get(it.sourceMessageId!)!;
        if (source.deleted) return this.respond(it, rec, UNKNOWN_MESSAGE);
        const merged = { ...source, ...data, attachments: 'attachments' in data ? data.attachments : source.attachments };
        if (!hasVisibleContent(merged)) return this.respond(it, rec, { status: 400, body: EMPTY_MESSAGE });
        this.applyEdit(source, data, []);
        source.interactionId = it.id;
        it.originalMessageId = source.id;
        message = source;
        this.dispatchMessage('MESSAGE_UPDATE', source);
        break;
      }
      case 8:
        it.autocompleteChoices = clone(data.choices);
        break;
      case 9:
        it.modal = clone(data);
        break;
    }
    it.acknowledged = true;
    it.responseType = type;
    if (query.get('with_response') === 'true') {
      return this.respond(it, { ...rec, messageId: message?.id }, {
        status: 200,
        body: {
          interaction: {
            id: it.id,
            type: it.type,
            activity_instance_id: null,
            response_message_id: message?.id ?? null,
            response_message_loading: message?.loading ?? false,
            response_message_ephemeral: message?.ephemeral ?? false,
          },
          resource: { type, ...(message ? { message: this.toApi(message) } : {}) },
        },
      });
    }
    return this.respond(it, { ...rec, messageId: message?.id }, { status: 204 });
  }

  private interactionMetadata(it: FakeInteraction): Record<string, unknown> {
    const meta: Record<string, unknown> = {
      id: it.id,
      type: it.type,
      user: this.apiUser(it.user),
      authorizing_integration_owners: it.payload.authorizing_integration_owners,
    };
    if (it.type === 2) {
      meta.name = it.commandName;
      meta.command_type = 1;
    }
    if (it.type === 3) meta.interacted_message_id = it.sourceMessageId;
    return meta;
  }

  /** Resolves `/webhooks/:app/:token` to its interaction (or an error reply). */
  private webhookInteraction(params: Record<string, string>): FakeInteraction | Reply {
    if (params.app !== this.applicationId) return UNKNOWN_WEBHOOK;
    const it = [...this.interactions.values()].find((i) => i.token === params.token);
    if (!it) return UNKNOWN_WEBHOOK;
    if (Date.now() - it.createdAt > this.opts.interactionTokenLifetimeMs) return err(401, 50027, 'Invalid Webhook Token');
    if (!it.acknowledged) return UNKNOWN_WEBHOOK;
    return it;
  }

  private webhookExecute({ params, body, files, query }: Ctx): Reply {
    const found = this.webhookInteraction(params);
    if ('status' in found) return found;
    const it = found;
    const b = isObj(body) ? body : {};
    const rec = { kind: 'followup' as const, body: clone(body) };
    if (it.type === 4) return this.respond(it, rec, UNKNOWN_WEBHOOK);
    const { errors, empty } = checkMessageBody(b, { fileCount: files.length });
    if (!errors.empty) return this.respond(it, rec, { status: 400, body: errors.body() });
    if (empty) return this.respond(it, rec, { status: 400, body: EMPTY_MESSAGE });
    const wait = query.get('wait') === 'true';
    const original = it.originalMessageId ? this.store.get(it.originalMessageId) : undefined;
    // A follow-up is always a new message. After a deferral the "thinking…" message stays
    // until @original is edited (reports: discord/discord-api-docs#2809 and bots fixing
    // hanging "is thinking…" states by editing @original instead of following up).
    if (original?.deleted && it.responseType === 5) return this.respond(it, rec, UNKNOWN_MESSAGE);
    const ch = this.channelMap.get(it.channelId)!;
    const meta = { ...this.interactionMetadata(it), ...(it.originalMessageId ? { original_response_message_id: it.originalMessageId } : {}) };
    const msg = this.newBotMessage(ch, b, files, { via: 'followup', type: it.type === 2 ? 20 : 0, interactionId: it.id, interaction_metadata: meta, webhook_id: this.applicationId, application_id: this.applicationId });
    if (msg.ephemeral) msg.visibleTo = it.user.id;
    this.save(msg);
    this.dispatchMessage('MESSAGE_CREATE', msg);
    return this.respond(it, { ...rec, messageId: msg.id }, wait ? { status: 200, body: this.toApi(msg) } : { status: 204 });
  }

  private webhookMessage({ method, params, body, files }: Ctx): Reply {
    const found = this.webhookInteraction(params);
    if ('status' in found) return found;
    const it = found;
    const kind = method === 'GET' ? 'fetch' : method === 'PATCH' ? 'edit' : 'delete';
    const rec = { kind: kind as InteractionResponseRecord['kind'], body: clone(body) };
    const id = params.mid === '@original' ? it.originalMessageId : params.mid;
    const m = id ? this.store.get(id) : undefined;
    const belongs = m && (m.id === it.originalMessageId || m.interactionId === it.id);
    if (!m || !belongs || m.deleted) return this.respond(it, rec, UNKNOWN_MESSAGE);
    if (method === 'GET') return this.respond(it, { ...rec, messageId: m.id }, { status: 200, body: this.toApi(m) });
    if (method === 'DELETE') {
      m.deleted = true;
      this.dispatchDelete(m);
      return this.respond(it, { ...rec, messageId: m.id }, { status: 204 });
    }
    return this.respond(it, { ...rec, messageId: m.id }, this.editMessage(m, body, files, []));
  }
}

function stripLocalizations(c: StoredCommand): StoredCommand {
  const strip = (o: any): any => {
    if (Array.isArray(o)) return o.map(strip);
    if (!isObj(o)) return o;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'name_localizations' || k === 'description_localizations') continue;
      out[k] = strip(v);
    }
    return out;
  };
  return strip(c);
}
