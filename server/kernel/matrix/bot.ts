import { MatrixClient, LogService, LogLevel, MemoryStorageProvider } from "matrix-bot-sdk";
import type { Logger } from "pino";
import { withRateLimitRetry, defaultRetryPolicy, type RetryPolicy } from "./retry.ts";
import { describeMatrixFailure, isNotFound } from "../errors/homeserver-failure.ts";
import { serverNameOf } from "../../../shared/matrix-ids.ts";
import { powerLevelFromState, type CreateContent, type PowerLevelsContent } from "./power-levels.ts";

/** Who a message intentionally notifies (MSC3952, spec v1.7). `room: true` is an @room. */
export type Mentions = { user_ids?: string[]; room?: boolean };

/** An m.room.message content; its `m.mentions` is set by `Bot.sendMessage` alone. */
export type MessageContent = { msgtype: string; body: string; [key: string]: unknown };

export type BotOptions = {
  homeserverUrl: string;
  accessToken: string;
  userId: string;
  logger: Logger;
  retry?: RetryPolicy;
  /** Told about every request the bot makes (metrics). */
  observe?: (method: string, endpoint: string, seconds: number, outcome: "ok" | "error") => void;
};

/** Routes matrix-bot-sdk's own logging into pino; its HTTP module is muted (we report failures ourselves). */
function quietLibraryLogs(logger: Logger): void {
  const child = logger.child({ module: "matrix-bot-sdk" });
  LogService.setLogger({
    trace: () => {},
    debug: () => {},
    info: (module: string, ...args: unknown[]) => child.debug({ module }, args.map(String).join(" ")),
    warn: (module: string, ...args: unknown[]) => child.warn({ module }, args.map(String).join(" ")),
    error: (module: string, ...args: unknown[]) => child.warn({ module }, args.map(String).join(" ")),
  });
  LogService.setLevel(LogLevel.WARN);
  LogService.muteModule("MatrixHttpClient");
  LogService.muteModule("MatrixClientLite");
}

/**
 * The bot account: owns the one matrix-bot-sdk client of the process and keeps it to itself.
 * Features use the operations below (membership, sending, redaction, state, power levels); every
 * request goes through the rate-limit retry layer, so nobody retries on their own. Synapse's admin
 * API goes through admin.ts.
 */
export class Bot {
  readonly userId: string;
  readonly serverName: string;
  readonly homeserverUrl: string;
  private client: MatrixClient;
  private readonly retry: RetryPolicy;
  private readonly observe: BotOptions["observe"];

  constructor(options: BotOptions) {
    quietLibraryLogs(options.logger);
    this.userId = options.userId;
    this.serverName = serverNameOf(options.userId);
    this.homeserverUrl = options.homeserverUrl;
    this.retry = options.retry ?? defaultRetryPolicy;
    this.observe = options.observe;
    this.client = this.makeClient(options.accessToken);
  }

  private makeClient(accessToken: string): MatrixClient {
    const client = new MatrixClient(this.homeserverUrl, accessToken, new MemoryStorageProvider());
    const raw = client.doRequest.bind(client);
    const timed = async (...args: Parameters<MatrixClient["doRequest"]>) => {
      const started = performance.now();
      let outcome: "ok" | "error" = "ok";
      try {
        return await raw(...args);
      } catch (err) {
        outcome = "error";
        throw err;
      } finally {
        this.observe?.(String(args[0]), String(args[1]), (performance.now() - started) / 1000, outcome);
      }
    };
    client.doRequest = (...args: Parameters<MatrixClient["doRequest"]>) => withRateLimitRetry(() => timed(...args), this.retry);
    return client;
  }

  /** Swaps in a new access token (rotation); requests already in flight finish with the old one. */
  useAccessToken(accessToken: string): void {
    this.client = this.makeClient(accessToken);
  }

  /** The access token requests are made with now (it changes on rotation). */
  get accessToken(): string {
    return this.client.accessToken;
  }

  // ---- the Client-Server API operations features use (matrix-bot-sdk's names and argument order) ----

  getWhoAmI(): ReturnType<MatrixClient["getWhoAmI"]> {
    return this.client.getWhoAmI();
  }
  getJoinedRooms(): Promise<string[]> {
    return this.client.getJoinedRooms();
  }
  joinRoom(roomIdOrAlias: string): Promise<string> {
    return this.client.joinRoom(roomIdOrAlias);
  }
  leaveRoom(roomId: string, reason?: string): Promise<void> {
    return this.client.leaveRoom(roomId, reason);
  }
  createRoom(properties: Parameters<MatrixClient["createRoom"]>[0]): Promise<string> {
    return this.client.createRoom(properties);
  }
  inviteUser(userId: string, roomId: string): Promise<void> {
    return this.client.inviteUser(userId, roomId);
  }
  kickUser(userId: string, roomId: string, reason?: string): Promise<void> {
    return this.client.kickUser(userId, roomId, reason);
  }
  banUser(userId: string, roomId: string, reason?: string): Promise<void> {
    return this.client.banUser(userId, roomId, reason);
  }
  unbanUser(userId: string, roomId: string): Promise<void> {
    return this.client.unbanUser(userId, roomId);
  }
  getJoinedRoomMembers(roomId: string): Promise<string[]> {
    return this.client.getJoinedRoomMembers(roomId);
  }
  getJoinedRoomMembersWithProfiles(roomId: string): ReturnType<MatrixClient["getJoinedRoomMembersWithProfiles"]> {
    return this.client.getJoinedRoomMembersWithProfiles(roomId);
  }
  getUserProfile(userId: string): Promise<any> {
    return this.client.getUserProfile(userId);
  }
  sendEvent(roomId: string, eventType: string, content: any): Promise<string> {
    return this.client.sendEvent(roomId, eventType, content);
  }
  sendStateEvent(roomId: string, type: string, stateKey: string, content: any): Promise<string> {
    return this.client.sendStateEvent(roomId, type, stateKey, content);
  }
  getRoomState(roomId: string): Promise<any[]> {
    return this.client.getRoomState(roomId);
  }
  getRoomStateEvent(roomId: string, type: string, stateKey: string): Promise<any> {
    return this.client.getRoomStateEvent(roomId, type, stateKey);
  }
  /** A Client-Server API request without a method of its own here (paginated messages, sliding sync, redaction by path…). */
  doRequest(method: string, path: string, qs?: any, body?: any): Promise<any> {
    return this.client.doRequest(method, path, qs, body);
  }

  /**
   * Read-modify-write of a room's power levels, the one place it is done: `change` gets the current
   * content (fresh) and returns the new one, or undefined to leave the room as it is. Everyone it
   * does not touch keeps their level. Returns whether an event was sent.
   */
  async updatePowerLevels(roomId: string, change: (current: PowerLevelsContent) => PowerLevelsContent | undefined): Promise<boolean> {
    const current = (await this.powerLevels(roomId)) ?? {};
    const next = change({ ...current, users: { ...(current.users ?? {}) } });
    if (!next) return false;
    await this.client.sendStateEvent(roomId, "m.room.power_levels", "", next);
    return true;
  }

  /** Resolves an alias (or passes a room ID through). */
  async resolveRoom(roomIdOrAlias: string): Promise<string> {
    if (roomIdOrAlias.startsWith("!")) return roomIdOrAlias;
    try {
      return await this.client.resolveRoom(roomIdOrAlias);
    } catch (err) {
      throw describeMatrixFailure(err, `resolving ${roomIdOrAlias}`);
    }
  }

  /** Power level of a user in a room, following the room version's rules (creators in v12). */
  async powerLevelOf(roomId: string, userId: string): Promise<number> {
    const [create, powerLevels] = await Promise.all([this.createEvent(roomId), this.powerLevels(roomId)]);
    return powerLevelFromState(userId, create.content, powerLevels, create.sender);
  }

  /** The m.room.create event with its sender: from v11 on the creator is only the sender. */
  async createEvent(roomId: string): Promise<{ sender: string; content: CreateContent }> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.create/`;
    return this.client.doRequest("GET", path, { format: "event" });
  }

  /** A state event's content, or null when the room has none of that type and key. */
  async stateContent<T = Record<string, unknown>>(roomId: string, type: string, stateKey = ""): Promise<T | null> {
    try {
      return await this.client.getRoomStateEvent(roomId, type, stateKey);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** A user's membership in a room ("join", "invite", "ban", ...), or null when they never had one. */
  async membershipOf(roomId: string, userId: string): Promise<string | null> {
    return (await this.stateContent<{ membership?: string }>(roomId, "m.room.member", userId))?.membership ?? null;
  }

  /**
   * Every message the bot sends goes through here. It always carries `m.mentions` (empty unless
   * the caller names who to notify): with the property present, clients and Synapse skip the
   * legacy push rules that match "@room", display names or user IDs in the text, so words inside
   * an announcement, a reply or a welcome never notify anyone the caller did not mean to.
   * With `txnId` the send is idempotent (a retried job gets the first event back) but goes out
   * unencrypted, as the raw PUT bypasses the SDK's encryption.
   */
  async sendMessage(roomId: string, content: MessageContent, options: { mentions?: Mentions; txnId?: string } = {}): Promise<string> {
    const mentions = options.mentions ?? {};
    const newContent = content["m.new_content"] as Record<string, unknown> | undefined;
    const full = { ...content, "m.mentions": mentions, ...(newContent ? { "m.new_content": { ...newContent, "m.mentions": mentions } } : {}) };
    if (!options.txnId) return this.client.sendEvent(roomId, "m.room.message", full);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(options.txnId)}`;
    return (await this.client.doRequest("PUT", path, null, full)).event_id as string;
  }

  async powerLevels(roomId: string): Promise<PowerLevelsContent | null> {
    return this.stateContent<PowerLevelsContent>(roomId, "m.room.power_levels");
  }
}
