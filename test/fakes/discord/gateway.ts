/**
 * The gateway half of the fake: a WebSocket endpoint that speaks Discord's gateway
 * protocol v10 (JSON encoding, optional `compress=zlib-stream` transport compression
 * and identify `compress` payload compression), with sessions that can be resumed.
 *
 * Behaviour copied from Discord (https://discord.com/developers/docs/events/gateway):
 * - HELLO (op 10) on connect; heartbeats (op 1) are answered with op 11.
 * - Anything but heartbeat / IDENTIFY / RESUME before authenticating → close 4003.
 * - IDENTIFY: wrong token → 4004, bad intent bits → 4013, privileged intents the app
 *   was not granted → 4014, bad shard → 4010, second IDENTIFY → 4005. Then READY, then
 *   one GUILD_CREATE per guild (only with the GUILDS intent).
 * - RESUME with a live session → missed dispatches replayed, then RESUMED; unknown
 *   or closed session → INVALID_SESSION (op 9, d=false); seq ahead of ours → 4007.
 * - A client closing with 1000/1001 ends its session; any other close or a dropped
 *   socket leaves it resumable, and dispatches meanwhile are buffered for the resume.
 * - More than 120 payloads a minute → 4008; undecodable payload or >4096 bytes → 4002;
 *   unknown op → 4001.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';

export const Intents = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildExpressions: 1 << 3,
  GuildIntegrations: 1 << 4,
  GuildWebhooks: 1 << 5,
  GuildInvites: 1 << 6,
  GuildVoiceStates: 1 << 7,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
  GuildScheduledEvents: 1 << 16,
  AutoModerationConfiguration: 1 << 20,
  AutoModerationExecution: 1 << 21,
  GuildMessagePolls: 1 << 24,
  DirectMessagePolls: 1 << 25,
} as const;

export const PRIVILEGED_INTENTS = Intents.GuildMembers | Intents.GuildPresences | Intents.MessageContent;
const ALL_INTENTS = Object.values(Intents).reduce((a, b) => a | b, 0);

export interface GatewayPayload {
  op: number;
  d: any;
  s: number | null;
  t: string | null;
}

/** What the fake's owner supplies to the gateway. */
export interface GatewayHost {
  token: string;
  intentsAllowed: number;
  heartbeatIntervalMs: number;
  /** `ws://127.0.0.1:PORT` */
  gatewayUrl(): string;
  /** The `d` of READY for a new session. */
  readyData(session: GatewaySession): Record<string, unknown>;
  /** GUILD_CREATE payloads sent right after READY. */
  guildCreates(session: GatewaySession): Array<Record<string, unknown>>;
  /** Called whenever something happened (for `waitFor`). */
  changed(): void;
}

export interface GatewaySession {
  id: string;
  seq: number;
  intents: number;
  shard: [number, number];
  /** Whether this session can still be resumed (false once ended). */
  alive: boolean;
  conn: GatewayConnection | null;
  buffer: GatewayPayload[];
  createdAt: number;
}

/** What the tests can see of one WebSocket connection. */
export interface GatewayConnectionInfo {
  id: number;
  /** Path and query the client connected with, e.g. `/?v=10&encoding=json`. */
  url: string;
  compress: string | null;
  openedAt: number;
  closedAt?: number;
  /** Close code as seen by the server (1006 when the socket was dropped). */
  closeCode?: number;
  closeReason?: string;
  /** Who ended it. */
  closedBy?: 'client' | 'server' | 'server-drop';
  sessionId?: string;
  /** How the connection authenticated. */
  auth?: 'identify' | 'resume';
  heartbeats: number;
}

export interface GatewayConnection {
  info: GatewayConnectionInfo;
  ws: WebSocket;
  session: GatewaySession | null;
  zlibStream: zlib.Deflate | null;
  zlibChunks: Buffer[];
  payloadCompress: boolean;
  sendChain: Promise<void>;
  window: { start: number; count: number };
  serverClose?: { code: number; reason: string; drop: boolean };
}

export interface IdentifyRecord {
  at: number;
  connectionId: number;
  d: Record<string, any>;
  /** What the fake answered: READY or a close code. */
  outcome: 'ready' | number;
}

export interface ResumeRecord {
  at: number;
  connectionId: number;
  d: Record<string, any>;
  outcome: 'resumed' | 'invalid-session' | number;
  replayed: number;
}

/** Close codes after which Discord does not let the session be resumed. */
const SESSION_ENDING_CLOSES = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

export class FakeGateway {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  readonly sessions = new Map<string, GatewaySession>();
  readonly connections: GatewayConnection[] = [];
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: ResumeRecord[] = [];
  /** Every payload a client sent (op, d), in order. */
  readonly received: Array<{ at: number; connectionId: number; op: number; d: unknown }> = [];
  /** Every dispatch made, with how many sessions it went to. */
  readonly dispatched: Array<{ at: number; t: string; sessions: number; delivered: number }> = [];
  sessionStartRemaining = 1000;
  private nextConnId = 1;

  constructor(private readonly host: GatewayHost) {}

  /** Hand an HTTP upgrade to the gateway (any path: `/` for connect, `/resume` for resume URLs). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const compress = url.searchParams.get('compress');
    const conn: GatewayConnection = {
      info: { id: this.nextConnId++, url: req.url ?? '/', compress, openedAt: Date.now(), heartbeats: 0 },
      ws,
      session: null,
      zlibStream: null,
      zlibChunks: [],
      payloadCompress: false,
      sendChain: Promise.resolve(),
      window: { start: Date.now(), count: 0 },
    };
    this.connections.push(conn);
    ws.on('message', (data, isBinary) => this.onMessage(conn, data as Buffer, isBinary));
    ws.on('close', (code, reason) => this.onClose(conn, code, reason.toString()));
    ws.on('error', () => {});
    this.host.changed();

    const v = url.searchParams.get('v');
    if (v !== '10') return this.close(conn, 4012, 'Invalid API version.');
    const encoding = url.searchParams.get('encoding') ?? 'json';
    if (encoding !== 'json') return this.close(conn, 4002, `The fake gateway only speaks encoding=json, not ${encoding}.`);
    if (compress !== null) {
      if (compress !== 'zlib-stream') return this.close(conn, 4000, `The fake gateway does not support compress=${compress}.`);
      const deflate = zlib.createDeflate({ chunkSize: 65535 });
      deflate.on('data', (chunk: Buffer) => {
        conn.zlibChunks.push(chunk);
        const all = Buffer.concat(conn.zlibChunks);
        const n = all.length;
        if (n >= 4 && all[n - 4] === 0 && all[n - 3] === 0 && all[n - 2] === 0xff && all[n - 1] === 0xff) {
          conn.zlibChunks = [];
          if (ws.readyState === WebSocket.OPEN) ws.send(all);
        }
      });
      conn.zlibStream = deflate;
    }
    this.send(conn, { op: 10, d: { heartbeat_interval: this.host.heartbeatIntervalMs, _trace: ['["fake-gateway",{}]'] }, s: null, t: null });
  }

  private send(conn: GatewayConnection, payload: GatewayPayload): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    const json = JSON.stringify(payload);
    if (conn.zlibStream) {
      const z = conn.zlibStream;
      z.write(json);
      z.flush(zlib.constants.Z_SYNC_FLUSH);
    } else if (conn.payloadCompress) {
      conn.ws.send(zlib.deflateSync(json));
    } else {
      conn.ws.send(json);
    }
  }

  /** Close one connection from the server side (with a close frame). */
  close(conn: GatewayConnection, code: number, reason: string): void {
    if (conn.ws.readyState === WebSocket.CLOSED || conn.ws.readyState === WebSocket.CLOSING) return;
    conn.serverClose = { code, reason, drop: false };
    conn.ws.close(code, reason);
  }

  /** Destroy one connection's socket without a close frame. */
  drop(conn: GatewayConnection): void {
    if (conn.ws.readyState === WebSocket.CLOSED) return;
    conn.serverClose = { code: 1006, reason: '', drop: true };
    conn.ws.terminate();
  }

  /** Open connections. */
  live(): GatewayConnection[] {
    return this.connections.filter((c) => c.ws.readyState === WebSocket.OPEN);
  }

  private onClose(conn: GatewayConnection, code: number, reason: string): void {
    const byServer = conn.serverClose;
    conn.info.closedAt = Date.now();
    conn.info.closeCode = byServer ? byServer.code : code;
    conn.info.closeReason = byServer ? byServer.reason : reason;
    conn.info.closedBy = byServer ? (byServer.drop ? 'server-drop' : 'server') : 'client';
    conn.zlibStream?.destroy();
    const session = conn.session;
    if (session && session.conn === conn) {
      session.conn = null;
      if (SESSION_ENDING_CLOSES.has(conn.info.closeCode)) this.endSession(session);
    }
    this.host.changed();
  }

  private endSession(session: GatewaySession): void {
    session.alive = false;
    session.buffer = [];
    this.sessions.delete(session.id);
  }

  private onMessage(conn: GatewayConnection, data: Buffer, isBinary: boolean): void {
    const now = Date.now();
    if (now - conn.window.start >= 60_000) conn.window = { start: now, count: 0 };
    if (++conn.window.count > 120) return this.close(conn, 4008, 'Rate limited.');
    if (isBinary || data.length > 4096) return this.close(conn, 4002, 'Error while decoding payload.');
    let payload: { op?: unknown; d?: any };
    try {
      payload = JSON.parse(data.toString('utf8'));
    } catch {
      return this.close(conn, 4002, 'Error while decoding payload.');
    }
    if (typeof payload !== 'object' || payload === null || typeof payload.op !== 'number') {
      return this.close(conn, 4002, 'Error while decoding payload.');
    }
    this.received.push({ at: now, connectionId: conn.info.id, op: payload.op, d: payload.d });
    switch (payload.op) {
      case 1:
        conn.info.heartbeats++;
        this.send(conn, { op: 11, d: null, s: null, t: null });
        break;
      case 2:
        this.onIdentify(conn, payload.d);
        break;
      case 6:
        this.onResume(conn, payload.d);
        break;
      case 3: // presence update
      case 4: // voice state update
      case 8: // request guild members
      case 31: // request soundboard sounds
        if (!conn.session) return this.close(conn, 4003, 'Not authenticated.');
        break;
      default:
        if (!conn.session) return this.close(conn, 4003, 'Not authenticated.');
        return this.close(conn, 4001, 'Unknown opcode.');
    }
    this.host.changed();
  }

  private onIdentify(conn: GatewayConnection, d: any): void {
    const record: IdentifyRecord = { at: Date.now(), connectionId: conn.info.id, d: d ?? {}, outcome: 'ready' };
    this.identifies.push(record);
    const fail = (code: number, reason: string) => {
      record.outcome = code;
      this.close(conn, code, reason);
    };
    if (conn.session) return fail(4005, 'Already authenticated.');
    if (typeof d !== 'object' || d === null || typeof d.token !== 'string') return fail(4002, 'Error while decoding payload.');
    if (d.token !== this.host.token) return fail(4004, 'Authentication failed.');
    if (typeof d.properties !== 'object' || d.properties === null) return fail(4002, 'Error while decoding payload.');
    const intents = d.intents;
    if (!Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) return fail(4013, 'Invalid intent(s).');
    if ((intents & PRIVILEGED_INTENTS & ~this.host.intentsAllowed) !== 0) return fail(4014, 'Disallowed intent(s).');
    const shard: [number, number] = Array.isArray(d.shard) ? [d.shard[0], d.shard[1]] : [0, 1];
    if (!Number.isInteger(shard[0]) || !Number.isInteger(shard[1]) || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
      return fail(4010, 'Invalid shard.');
    }
    if (shard[1] !== 1) return fail(4010, 'Invalid shard. (the fake runs a single shard)');
    if (this.sessionStartRemaining <= 0) return fail(4000, 'Session start limit reached (fake).');
    this.sessionStartRemaining--;
    conn.payloadCompress = d.compress === true && !conn.zlibStream;
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      intents,
      shard,
      alive: true,
      conn,
      buffer: [],
      createdAt: Date.now(),
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    conn.info.sessionId = session.id;
    conn.info.auth = 'identify';
    this.pushDispatch(session, 'READY', this.host.readyData(session));
    if (intents & Intents.Guilds) {
      for (const g of this.host.guildCreates(session)) this.pushDispatch(session, 'GUILD_CREATE', g);
    }
  }

  private onResume(conn: GatewayConnection, d: any): void {
    const record: ResumeRecord = { at: Date.now(), connectionId: conn.info.id, d: d ?? {}, outcome: 'resumed', replayed: 0 };
    this.resumes.push(record);
    if (conn.session) {
      record.outcome = 4005;
      return this.close(conn, 4005, 'Already authenticated.');
    }
    if (typeof d !== 'object' || d === null) {
      record.outcome = 4002;
      return this.close(conn, 4002, 'Error while decoding payload.');
    }
    if (d.token !== this.host.token) {
      record.outcome = 4004;
      return this.close(conn, 4004, 'Authentication failed.');
    }
    const session = this.sessions.get(d.session_id);
    if (!session || !session.alive) {
      record.outcome = 'invalid-session';
      this.send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (typeof d.seq !== 'number' || d.seq > session.seq) {
      record.outcome = 4007;
      this.endSession(session);
      return this.close(conn, 4007, 'Invalid seq.');
    }
    if (session.conn && session.conn !== conn) this.drop(session.conn);
    session.conn = conn;
    conn.session = session;
    conn.info.sessionId = session.id;
    conn.info.auth = 'resume';
    const missed = session.buffer.filter((p) => p.s !== null && p.s > d.seq);
    record.replayed = missed.length;
    for (const p of missed) this.send(conn, p);
    this.pushDispatch(session, 'RESUMED', { _trace: ['["fake-gateway",{}]'] });
  }

  private pushDispatch(session: GatewaySession, t: string, d: unknown): boolean {
    const payload: GatewayPayload = { op: 0, t, s: ++session.seq, d };
    session.buffer.push(payload);
    if (session.buffer.length > 5000) session.buffer.splice(0, session.buffer.length - 5000);
    if (session.conn && session.conn.ws.readyState === WebSocket.OPEN) {
      this.send(session.conn, payload);
      return true;
    }
    return false;
  }

  /**
   * Dispatch an event to every resumable session. `dataFor` builds the payload per
   * session (e.g. blanking message content without the MESSAGE_CONTENT intent) and
   * returns null to skip a session (e.g. missing the intent for this event).
   */
  dispatch(t: string, dataFor: (session: GatewaySession) => unknown | null): { sessions: number; delivered: number } {
    let sessions = 0;
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (!session.alive) continue;
      const d = dataFor(session);
      if (d === null) continue;
      sessions++;
      if (this.pushDispatch(session, t, d)) delivered++;
    }
    this.dispatched.push({ at: Date.now(), t, sessions, delivered });
    this.host.changed();
    return { sessions, delivered };
  }

  /** Send a raw op to every open, authenticated connection. */
  sendOp(op: number, d: unknown): number {
    let n = 0;
    for (const conn of this.live()) {
      if (!conn.session) continue;
      this.send(conn, { op, d, s: null, t: null });
      n++;
    }
    return n;
  }

  /** Terminate every socket (used by FakeDiscord.close). */
  shutdown(): void {
    for (const conn of this.connections) {
      if (conn.ws.readyState !== WebSocket.CLOSED) conn.ws.terminate();
      conn.zlibStream?.destroy();
    }
    this.wss.close();
  }
}
