/** Shapes the fake Discord exposes to tests. API payloads follow Discord's snake_case. */

/** Permission bits (https://discord.com/developers/docs/topics/permissions). */
export const Permissions = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
  UseExternalApps: 1n << 50n,
} as const;

const P = Permissions;
/** What @everyone may do in a fresh guild (roughly Discord's defaults). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  P.CreateInstantInvite | P.AddReactions | P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles |
  P.ReadMessageHistory | P.UseExternalEmojis | P.Connect | P.Speak | P.ChangeNickname | P.UseApplicationCommands |
  P.CreatePublicThreads | P.SendMessagesInThreads | P.UseExternalApps;
/** The bot's own managed role, as if invited with the usual "send messages" permissions. */
export const DEFAULT_BOT_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions |
  P.UseExternalEmojis | P.UseApplicationCommands | P.SendMessagesInThreads;
/** `app_permissions` Discord sends for interactions in the bot's DMs. */
export const DM_APP_PERMISSIONS =
  P.AddReactions | P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory |
  P.MentionEveryone | P.UseExternalEmojis | P.UseApplicationCommands | P.UseExternalApps;

export interface ApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  public_flags?: number;
  flags?: number;
  [k: string]: unknown;
}

/** A user the tests play. Create them with `fake.user(name)`. */
export interface FakeUser {
  id: string;
  username: string;
  globalName: string | null;
  /** The Discord client language; interactions carry it as `locale`. */
  locale: string;
  /** false: the bot's DMs to this user fail with 50007. */
  acceptsDMs: boolean;
}

export interface ChannelSpec {
  id?: string;
  name: string;
  /** 0 text (default), 5 announcement. */
  type?: 0 | 5;
  topic?: string;
  /** Permission bits denied to the bot in this channel (a member overwrite). */
  botDeny?: bigint;
}

export interface GuildSpec {
  id?: string;
  name?: string;
  /** Guild `preferred_locale` (interactions' `guild_locale`). Default en-US. */
  locale?: string;
  channels?: ChannelSpec[];
  /** Permissions of the bot's managed role. Default {@link DEFAULT_BOT_PERMISSIONS}. */
  botPermissions?: bigint;
  /** Permissions of @everyone. Default {@link DEFAULT_EVERYONE_PERMISSIONS}. */
  everyonePermissions?: bigint;
}

export interface FakeDiscordOptions {
  /** Bot token the fake accepts. Default: a random one. */
  token?: string;
  applicationId?: string;
  botUsername?: string;
  /** Default: one guild "Sanad Test Guild" with channels #general and #news. */
  guilds?: GuildSpec[];
  /** Bitfield of privileged intents (GUILD_MEMBERS 1<<1, GUILD_PRESENCES 1<<8, MESSAGE_CONTENT 1<<15) the app was granted. Default 0. */
  intentsAllowed?: number;
  /** HELLO's heartbeat_interval. Default 41250. */
  heartbeatIntervalMs?: number;
  /** How long after an interaction its initial callback is accepted. Default 3000 (Discord's). */
  interactionWindowMs?: number;
  /** How long interaction webhooks (follow-ups, edits) work. Default 15 min (Discord's). */
  interactionTokenLifetimeMs?: number;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  description?: string;
  [k: string]: unknown;
}

/** One message as stored: Discord's message object plus what the fake knows about it. */
export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ApiUser;
  content: string;
  embeds: any[];
  components: any[];
  attachments: FakeAttachment[];
  flags: number;
  type: number;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  pinned: boolean;
  mention_everyone: boolean;
  /** Users this message pings (after allowed_mentions). */
  mentions: ApiUser[];
  mention_roles: string[];
  message_reference?: { type?: number; message_id?: string; channel_id?: string; guild_id?: string; fail_if_not_exists?: boolean };
  referenced_message?: unknown;
  interaction_metadata?: Record<string, unknown>;
  webhook_id?: string;
  application_id?: string;
  reactions?: Array<{ emoji: { id: string | null; name: string }; count: number; me: boolean }>;
  /** `allowed_mentions` exactly as the bot sent it (last create/edit); undefined when absent. */
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  // ---- fake-side bookkeeping (never sent to the bot)
  /** Written by the bot (true) or by a user the test played (false). */
  fromBot: boolean;
  /** How it came to be. */
  via: 'channel' | 'interaction' | 'followup' | 'user';
  /** The interaction this message answers (responses and follow-ups, or the one whose update edited it). */
  interactionId?: string;
  ephemeral: boolean;
  /** For ephemeral messages: the only user who sees it. */
  visibleTo?: string;
  /** The interaction is still "thinking" (deferred, flag 128). */
  loading: boolean;
  deleted: boolean;
  /** Earlier versions, oldest first. */
  history: Array<{ at: number; content: string; embeds: any[]; components: any[]; flags: number }>;
}

export interface RequestRecord {
  at: number;
  method: string;
  /** Path under /api/v10, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** JSON body (for multipart: the parsed payload_json). */
  body: any;
  files: Array<{ field: string; filename: string; size: number; contentType: string }>;
  /** 0 when the connection was dropped. */
  status: number;
  response?: any;
  injected?: 'fail' | 'drop';
}

export interface InteractionResponseRecord {
  at: number;
  kind: 'callback' | 'followup' | 'edit' | 'delete' | 'fetch';
  /** Callback type (4, 5, 6, 7, 8, 9) for kind 'callback'. */
  type?: number;
  body: any;
  status: number;
  error?: any;
  messageId?: string;
}

export interface FakeInteraction {
  id: string;
  token: string;
  /** 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  createdAt: number;
  channelId: string;
  guildId: string | null;
  user: FakeUser;
  commandName?: string;
  customId?: string;
  sourceMessageId?: string;
  /** The payload dispatched in INTERACTION_CREATE. */
  payload: any;
  /** How many gateway sessions it went to / were connected at the time. */
  delivery: { sessions: number; delivered: number };
  acknowledged: boolean;
  responseType?: number;
  originalMessageId?: string;
  responses: InteractionResponseRecord[];
  autocompleteChoices?: any[];
  modal?: any;
}

export interface StoredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  version: string;
  type: number;
  name: string;
  description: string;
  name_localizations?: Record<string, string> | null;
  description_localizations?: Record<string, string> | null;
  options?: any[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  contexts?: number[] | null;
  integration_types?: number[];
  nsfw: boolean;
  [k: string]: unknown;
}

export type RouteMatcher = string | ((req: { method: string; path: string; body: any }) => boolean);

export interface FailOptions {
  status: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** For 429: seconds, as Discord sends them (`Retry-After`, `retry_after`). Default 0.2. */
  retryAfter?: number;
  /** For 429: a global rate limit (`X-RateLimit-Global`). */
  global?: boolean;
  /** Replace the default error body. */
  body?: unknown;
  /** Carry the request out first, then answer with the failure (Discord did it, the bot thinks it failed). */
  afterEffect?: boolean;
}
