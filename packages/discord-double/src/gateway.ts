import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { buildGuildCreate, buildReady } from './payloads.ts';
import { shardForGuild } from './snowflake.ts';
import type { DoubleState } from './state.ts';
import type { JsonObject } from './types.ts';

/** Gateway opcodes the double speaks. */
export const GatewayOp = {
  dispatch: GatewayOpcodes.Dispatch,
  heartbeat: GatewayOpcodes.Heartbeat,
  identify: GatewayOpcodes.Identify,
  presenceUpdate: GatewayOpcodes.PresenceUpdate,
  voiceStateUpdate: GatewayOpcodes.VoiceStateUpdate,
  resume: GatewayOpcodes.Resume,
  reconnect: GatewayOpcodes.Reconnect,
  requestGuildMembers: GatewayOpcodes.RequestGuildMembers,
  invalidSession: GatewayOpcodes.InvalidSession,
  hello: GatewayOpcodes.Hello,
  heartbeatAck: GatewayOpcodes.HeartbeatAck,
  requestSoundboardSounds: GatewayOpcodes.RequestSoundboardSounds,
} as const;

/** Gateway close codes the double sends. */
export const GatewayCloseCode = {
  unknownOpcode: GatewayCloseCodes.UnknownOpcode,
  decodeError: GatewayCloseCodes.DecodeError,
  notAuthenticated: GatewayCloseCodes.NotAuthenticated,
  authenticationFailed: GatewayCloseCodes.AuthenticationFailed,
  alreadyAuthenticated: GatewayCloseCodes.AlreadyAuthenticated,
  invalidShard: GatewayCloseCodes.InvalidShard,
  shardingRequired: GatewayCloseCodes.ShardingRequired,
  invalidIntents: GatewayCloseCodes.InvalidIntents,
  disallowedIntents: GatewayCloseCodes.DisallowedIntents,
} as const;

/** GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT: need approval on real Discord. */
export const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** Settings of the gateway half of the double. */
export interface GatewayConfig {
  /** The shared state (bot user, guilds, events). */
  state: DoubleState;
  /** Bot token IDENTIFY and RESUME must carry. */
  token: string;
  /** `heartbeat_interval` sent in HELLO (ms). */
  heartbeatInterval: number;
  /** Privileged intents the application is approved for (others close with 4014). */
  allowedPrivilegedIntents: number;
  /** Dispatches kept per session for RESUME replay. */
  historyLimit: number;
  /** The gateway URL (also sent as `resume_gateway_url`). */
  url: () => string;
  /** Most guilds one session may hold; more closes with 4011 (Discord: 2500). */
  maxGuildsPerShard: number;
}

/** A gateway session as a test sees it. */
export interface SessionInfo {
  /** Session id (from READY). */
  id: string;
  /** `[shard_id, shard_count]` from IDENTIFY. */
  shard: readonly [number, number];
  /** False while it waits for a RESUME (its socket closed or was cut). */
  isConnected: boolean;
}

interface DispatchFrame {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  shard: [number, number];
  sequence: number;
  history: DispatchFrame[];
  socket: WebSocket | undefined;
}

interface Connection {
  socket: WebSocket;
  session: Session | undefined;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Options for {@link Gateway.dropConnections}. */
export interface DropOptions {
  /** Also forget the sessions, so RESUME gets INVALID_SESSION and the client re-identifies. */
  invalidateSessions?: boolean;
}

/** The WebSocket gateway: HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, dispatches. */
export class Gateway {
  readonly #config: GatewayConfig;
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #connections = new Set<Connection>();

  /** @param config - state, token and tunables */
  constructor(config: GatewayConfig) {
    this.#config = config;
  }

  /** Number of sessions (connected or waiting for RESUME). */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Every session (connected or waiting for RESUME), oldest first. */
  get sessions(): SessionInfo[] {
    return [...this.#sessions.values()].map((session) => ({
      id: session.id,
      shard: session.shard,
      isConnected: session.socket !== undefined,
    }));
  }

  /** Number of open sockets. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Takes over an HTTP upgrade request for the gateway path.
   * @param request - the upgrade request
   * @param socket - its socket
   * @param head - bytes already read
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => {
      this.#accept(ws);
    });
  }

  #accept(socket: WebSocket): void {
    const connection: Connection = { socket, session: undefined };
    this.#connections.add(connection);
    socket.on('message', (raw: RawData, isBinary: boolean) => {
      this.#onMessage(connection, raw, isBinary);
    });
    socket.on('close', (code: number) => {
      this.#connections.delete(connection);
      const { session } = connection;
      if (session?.socket !== socket) return;
      session.socket = undefined;
      // A normal close ends the session on Discord; anything else leaves it resumable.
      if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
    });
    socket.on('error', () => {
      socket.terminate();
    });
    this.#send(socket, { op: GatewayOp.hello, d: { heartbeat_interval: this.#config.heartbeatInterval } });
  }

  #send(socket: WebSocket | undefined, payload: unknown): void {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  #onMessage(connection: Connection, raw: RawData, isBinary: boolean): void {
    let payload: unknown;
    try {
      payload = isBinary ? undefined : JSON.parse(rawToString(raw));
    } catch {
      payload = undefined;
    }
    if (!isObject(payload)) {
      connection.socket.close(GatewayCloseCode.decodeError, 'Decode error');
      return;
    }
    const { socket } = connection;
    switch (payload.op) {
      case GatewayOp.heartbeat:
        this.#send(socket, { op: GatewayOp.heartbeatAck });
        return;
      case GatewayOp.identify:
        this.#identify(connection, isObject(payload.d) ? payload.d : {});
        return;
      case GatewayOp.resume:
        this.#resume(connection, isObject(payload.d) ? payload.d : {});
        return;
      case GatewayOp.presenceUpdate:
      case GatewayOp.voiceStateUpdate:
      case GatewayOp.requestGuildMembers:
      case GatewayOp.requestSoundboardSounds:
        if (!connection.session) socket.close(GatewayCloseCode.notAuthenticated, 'Not authenticated');
        return;
      default:
        socket.close(GatewayCloseCode.unknownOpcode, 'Unknown opcode');
    }
  }

  #isToken(value: unknown): boolean {
    return typeof value === 'string' && value.replace(/^Bot\s+/i, '') === this.#config.token;
  }

  #identify(connection: Connection, d: JsonObject): void {
    const { socket } = connection;
    if (connection.session) {
      socket.close(GatewayCloseCode.alreadyAuthenticated, 'Already authenticated');
      return;
    }
    if (!this.#isToken(d.token)) {
      socket.close(GatewayCloseCode.authenticationFailed, 'Authentication failed');
      return;
    }
    const shard = parseShard(d.shard);
    if (!shard) {
      socket.close(GatewayCloseCode.invalidShard, 'Invalid shard');
      return;
    }
    if (typeof d.intents !== 'number' || !Number.isInteger(d.intents) || d.intents < 0) {
      socket.close(GatewayCloseCode.invalidIntents, 'Invalid intent(s)');
      return;
    }
    if ((d.intents & PRIVILEGED_INTENTS & ~this.#config.allowedPrivilegedIntents) !== 0) {
      socket.close(GatewayCloseCode.disallowedIntents, 'Disallowed intent(s)');
      return;
    }
    const { state } = this.#config;
    const guilds = state.config.guilds.filter((guild) => shardForGuild(guild.id, shard[1]) === shard[0]);
    if (guilds.length > this.#config.maxGuildsPerShard) {
      socket.close(GatewayCloseCode.shardingRequired, 'Sharding required');
      return;
    }
    // A client that re-identifies leaves its old, disconnected session behind: drop it so nothing waits there.
    for (const [id, old] of this.#sessions) {
      if (old.socket === undefined && old.shard[0] === shard[0] && old.shard[1] === shard[1]) {
        this.#sessions.delete(id);
      }
    }
    const session: Session = {
      id: randomUUID().replaceAll('-', ''),
      shard,
      sequence: 0,
      history: [],
      socket,
    };
    this.#sessions.set(session.id, session);
    connection.session = session;
    const { bot, applicationId } = state.config;
    this.#dispatchTo(
      session,
      'READY',
      buildReady({
        user: bot,
        guildIds: guilds.map((guild) => guild.id),
        sessionId: session.id,
        resumeGatewayUrl: this.#config.url(),
        applicationId,
        shard,
      }),
    );
    const joinedAt = new Date(state.config.now()).toISOString();
    for (const guild of guilds)
      this.#dispatchTo(session, 'GUILD_CREATE', buildGuildCreate(guild, bot, joinedAt));
    state.events.emit('session', session.id, 'ready', shard);
  }

  #resume(connection: Connection, d: JsonObject): void {
    const { socket } = connection;
    if (connection.session) {
      socket.close(GatewayCloseCode.alreadyAuthenticated, 'Already authenticated');
      return;
    }
    if (!this.#isToken(d.token)) {
      socket.close(GatewayCloseCode.authenticationFailed, 'Authentication failed');
      return;
    }
    const session = typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    const oldest = session?.history[0]?.s ?? (session ? session.sequence + 1 : 0);
    // Events after `seq` that fell out of the history cannot be replayed: the client must re-identify.
    if (!session || seq > session.sequence || seq + 1 < oldest) {
      this.#send(socket, { op: GatewayOp.invalidSession, d: false });
      return;
    }
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    connection.session = session;
    for (const frame of session.history) if (frame.s > seq) this.#send(socket, frame);
    this.#dispatchTo(session, 'RESUMED', null);
    this.#config.state.events.emit('session', session.id, 'resumed', session.shard);
  }

  #dispatchTo(session: Session, t: string, d: unknown): void {
    session.sequence += 1;
    const frame: DispatchFrame = { op: 0, t, s: session.sequence, d };
    session.history.push(frame);
    if (session.history.length > this.#config.historyLimit) session.history.shift();
    this.#send(session.socket, frame);
  }

  /**
   * Sends a dispatch to every session on the guild's shard (shard 0 for DMs).
   * A disconnected session keeps the event in its history for RESUME.
   * @param t - event name, e.g. `INTERACTION_CREATE`
   * @param d - event body
   * @param guildId - guild the event belongs to, if any
   * @returns false when no session could take it (the bot never logged in)
   */
  dispatch(t: string, d: unknown, guildId: string | undefined): boolean {
    let isDelivered = false;
    // Like Discord, every session on the shard gets it: a bot running twice answers twice.
    for (const session of this.#sessions.values()) {
      const shardId = guildId === undefined ? 0 : shardForGuild(guildId, session.shard[1]);
      if (session.shard[0] !== shardId) continue;
      this.#dispatchTo(session, t, d);
      isDelivered = true;
    }
    return isDelivered;
  }

  /**
   * Cuts every socket without a close frame (like a network failure); sessions stay resumable unless told.
   * @param options - whether to forget the sessions too
   */
  dropConnections(options: DropOptions = {}): void {
    for (const { socket } of this.#connections) socket.terminate();
    for (const session of this.#sessions.values()) session.socket = undefined;
    if (options.invalidateSessions === true) this.#sessions.clear();
  }

  /** Asks every connected client to reconnect and resume (opcode 7), as Discord does before maintenance. */
  requestReconnect(): void {
    for (const { socket } of this.#connections) this.#send(socket, { op: GatewayOp.reconnect, d: null });
  }

  /** Closes every socket and the WebSocket server. */
  async close(): Promise<void> {
    for (const { socket } of this.#connections) socket.terminate();
    this.#connections.clear();
    this.#sessions.clear();
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }
}

function rawToString(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.from(new Uint8Array(raw)).toString('utf8');
}

function parseShard(value: unknown): [number, number] | undefined {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as unknown[];
  if (typeof id !== 'number' || typeof count !== 'number') return undefined;
  return Number.isInteger(id) && Number.isInteger(count) && count >= 1 && id >= 0 && id < count
    ? [id, count]
    : undefined;
}
