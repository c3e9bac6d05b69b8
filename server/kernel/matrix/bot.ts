import { withRateLimitRetry, defaultRetryPolicy, type RetryPolicy } from "./retry.ts";
import { describeMatrixFailure, isNotFound } from "../errors/homeserver-failure.ts";
import { serverNameOf } from "../../../shared/matrix-ids.ts";
import { powerLevelFromState, type CreateContent, type PowerLevelsContent } from "./power-levels.ts";
import { existsSync, rmSync } from "node:fs";
import { e2eeStatus } from "./e2ee.ts";
import { BotDevice, deviceStoreDir, type DeviceRequest, type RoomEncryption } from "./bot-device.ts";
import { crossSigningOnServer, ensureCrossSigned, type CrossSigningState } from "./cross-signing.ts";
import { MatrixHttpClient } from "./matrix-http.ts";
import { SLIDING_SYNC_PATH } from "./sync-request.ts";

/** Who a message intentionally notifies (MSC3952, spec v1.7). `room: true` is an @room. */
export type Mentions = { user_ids?: string[]; room?: boolean };

/** An m.room.message content; its `m.mentions` is set by `Bot.sendMessage` alone. */
export type MessageContent = { msgtype: string; body: string; [key: string]: unknown };

/** A room member event as /members returns it. */
export type MemberEvent = { state_key: string; sender: string; content: { membership: string; displayname?: string; [key: string]: unknown } };

/** A room event as /messages, /context and /event return it. */
export type RoomEvent = { event_id: string; type: string; sender: string; state_key?: string; content: Record<string, any>; unsigned?: Record<string, unknown>; origin_server_ts?: number };

/** A room event filter (spec: RoomEventFilter), the parts we use. */
export type EventFilter = { senders?: string[]; types?: string[]; not_types?: string[] };

export type BotOptions = {
  homeserverUrl: string;
  accessToken: string;
  userId: string;
  retry?: RetryPolicy;
  /** Told about every request the bot makes (metrics). */
  observe?: (method: string, endpoint: string, seconds: number, outcome: "ok" | "error") => void;
};

/** Whether the bot takes part in encrypted rooms, and if not, precisely why. */
export type EncryptionState = { on: false; reason: string } | { on: true; device: BotDevice; crossSigning: CrossSigningState };

/** An encrypted room's settings are re-read this often (history visibility decides who gets keys). */
const ENCRYPTED_ROOM_TTL_MS = 5 * 60_000;
/** A room found unencrypted is looked at again after this long (encryption can be turned on any time). */
const PLAIN_ROOM_TTL_MS = 30_000;
/**
 * An encrypted room's members (who gets its key) are read again after this long at the latest.
 * Sooner when the bot changes the room's membership itself, or when the homeserver reports people
 * whose devices changed or who newly share an encrypted room with the bot (the sliding-sync `e2ee`
 * extension). What none of those shows: someone already in another encrypted room with the bot
 * joining this one; until the next read they would miss messages the bot sends here.
 */
const KEY_RECIPIENTS_TTL_MS = 60_000;

/**
 * The bot account: owns the one Client-Server API client of the process and keeps it to itself.
 * Features use the operations below (membership, sending, redaction, state, power levels); every
 * request goes through the rate-limit retry layer, so nobody retries on their own. Synapse's admin
 * API goes through admin.ts.
 */
export class Bot {
  readonly userId: string;
  readonly serverName: string;
  readonly homeserverUrl: string;
  private client: MatrixHttpClient;
  private readonly retry: RetryPolicy;
  private readonly observe: BotOptions["observe"];
  private encryptionState: EncryptionState = { on: false, reason: "the bot's encryption device is opened by the server only (not by command-line tools)" };
  private cryptoDir: string | undefined;
  private readonly roomEncryptionCache = new Map<string, { value: RoomEncryption | null; at: number }>();
  private readonly membersCache = new Map<string, { joined: string[]; invited: string[]; at: number }>();
  private txnCounter = 0;
  private started = false;

  constructor(options: BotOptions) {
    this.userId = options.userId;
    this.serverName = serverNameOf(options.userId);
    this.homeserverUrl = options.homeserverUrl;
    this.retry = options.retry ?? defaultRetryPolicy;
    this.observe = options.observe;
    this.client = this.makeClient(options.accessToken);
  }

  private makeClient(accessToken: string): MatrixHttpClient {
    const client = new MatrixHttpClient(this.homeserverUrl, accessToken);
    const raw = client.doRequest.bind(client);
    const timed = async (...args: Parameters<MatrixHttpClient["doRequest"]>) => {
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
    client.doRequest = (...args: Parameters<MatrixHttpClient["doRequest"]>) => withRateLimitRetry(() => timed(...args), this.retry);
    return client;
  }

  get encryption(): EncryptionState {
    return this.encryptionState;
  }

  /** True in the server, which opens (or deliberately leaves off) the device; false in command-line tools. */
  get encryptionStarted(): boolean {
    return this.started;
  }

  /**
   * Opens the encryption device of the access token's device, its store in `cryptoDir/<device>`
   * (the server does this once; command-line tools never, so they do not touch the server's store).
   * Without the native binding, or when the device cannot be opened, encryption stays off and
   * `encryption.reason` says why.
   */
  async startEncryption(cryptoDir: string): Promise<EncryptionState> {
    this.cryptoDir = cryptoDir;
    this.started = true;
    const binding = e2eeStatus();
    this.encryptionState = binding.available ? await this.openDevice(this.client, cryptoDir) : { on: false, reason: binding.reason ?? "the native binding is missing" };
    return this.encryptionState;
  }

  /** Encryption stays off on purpose (E2EE=off). */
  encryptionOff(reason: string): void {
    this.started = true;
    this.encryptionState = { on: false, reason };
  }

  private async openDevice(client: MatrixHttpClient, cryptoDir: string): Promise<EncryptionState> {
    const request: DeviceRequest = (method, path, query, body) => client.doRequest(method, path, query, body);
    let deviceId: string | undefined;
    try {
      deviceId = (await client.getWhoAmI()).device_id;
    } catch (err) {
      return { on: false, reason: `the access token's device could not be read: ${describeMatrixFailure(err).message}` };
    }
    if (!deviceId) return { on: false, reason: "the homeserver names no device for the access token, so it cannot hold encryption keys; sign the bot in again (`npm run rotate-token`)" };
    const storeDir = deviceStoreDir(cryptoDir, deviceId);
    const fresh = !existsSync(storeDir);
    let device: BotDevice;
    try {
      device = await BotDevice.open({ userId: this.userId, deviceId, storeDir, request });
    } catch (err) {
      // A device whose keys were published from another store: this store's new keys are refused, and useless.
      if (fresh) rmSync(storeDir, { recursive: true, force: true });
      if (fresh && (err as { statusCode?: number }).statusCode === 400) {
        return {
          on: false,
          reason:
            `the homeserver already holds other encryption keys for device ${deviceId}, whose store is not in this data folder (a new DATA_DIR, ` +
            "or the token is used by another client too): sign the bot in on a new device with `npm run rotate-token`",
        };
      }
      return { on: false, reason: `the bot's encryption device could not be opened: ${describeMatrixFailure(err).message}` };
    }
    const crossSigning = await ensureCrossSigned({ userId: this.userId, deviceId: device.deviceId, cryptoDir, request }).catch(
      (err): CrossSigningState => ({ deviceSigned: false, identityOwned: false, problem: describeMatrixFailure(err, "cross-signing").message }),
    );
    return { on: true, device, crossSigning };
  }

  /**
   * Swaps in a new access token (rotation). With encryption on, the new token's device gets its own
   * store; the old device's store is closed once its operations finish and removed (its token is
   * logged out next, which deletes the device on the homeserver). Requests already in flight
   * finish with the old token. When the new device cannot be opened it throws and nothing changes.
   */
  async useAccessToken(accessToken: string): Promise<void> {
    const client = this.makeClient(accessToken);
    const previous = this.encryptionState;
    const next = previous.on && this.cryptoDir ? await this.openDevice(client, this.cryptoDir) : previous;
    // Switching would silently end encryption until the next restart: keep the old token and device.
    if (previous.on && !next.on) throw new Error(`encryption could not move to the new token's device: ${next.reason}`);
    this.client = client;
    this.encryptionState = next;
    if (previous.on && next !== previous) {
      await previous.device.close();
      if (!next.on || next.device.deviceId !== previous.device.deviceId) rmSync(previous.device.storeDir, { recursive: true, force: true });
    }
  }

  /** Releases the encryption device (server shutdown). */
  async close(): Promise<void> {
    if (this.encryptionState.on) await this.encryptionState.device.close();
    this.encryptionState = { on: false, reason: "the server is stopping" };
  }

  /**
   * Every message the bot writes goes through here. It always carries `m.mentions` (empty unless
   * the caller names who to notify): with the property present, clients and Synapse skip the
   * legacy push rules that match "@room", display names or user IDs in the text, so words inside
   * an announcement, a reply or a welcome never notify anyone the caller did not mean to.
   * It is encrypted where the room is encrypted and the bot's device is open, and sent as is
   * otherwise (callers that must not write plain text into an encrypted room check `encryption`
   * first). `txnId` makes a repeated call (a retried job item) land once, ciphertext or not;
   * `encrypted: false` says the caller has just seen that the room is not encrypted.
   */
  async sendMessage(roomId: string, content: MessageContent, options: { mentions?: Mentions; txnId?: string; encrypted?: boolean } = {}): Promise<string> {
    const mentions = options.mentions ?? {};
    const newContent = content["m.new_content"] as Record<string, unknown> | undefined;
    const full = { ...content, "m.mentions": mentions, ...(newContent ? { "m.new_content": { ...newContent, "m.mentions": mentions } } : {}) };
    const txnId = options.txnId ?? `dash-${Date.now()}-${++this.txnCounter}`;
    const state = this.encryptionState;
    const room = state.on && options.encrypted !== false ? await this.roomEncryption(roomId) : null;
    let body: object = full;
    let type = "m.room.message";
    if (state.on && room) {
      body = await state.device.encrypt(roomId, type, full, room, await this.keyRecipients(roomId, room));
      type = "m.room.encrypted";
    }
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${type}/${encodeURIComponent(txnId)}`;
    return (await this.client.doRequest("PUT", path, null, body)).event_id as string;
  }

  /** Whether a room is encrypted (cached; see the TTLs above). */
  async isEncrypted(roomId: string): Promise<boolean> {
    return (await this.roomEncryption(roomId)) !== null;
  }

  /** The clear type and content of an m.room.encrypted event, or null when the bot cannot decrypt it (yet). */
  async decrypt(roomId: string, event: object): Promise<{ type: string; content: Record<string, unknown> } | null> {
    const state = this.encryptionState;
    if (!state.on) return null;
    return state.device.decrypt(roomId, event).catch(() => null);
  }

  private async roomEncryption(roomId: string): Promise<RoomEncryption | null> {
    const cached = this.roomEncryptionCache.get(roomId);
    if (cached && Date.now() - cached.at < (cached.value ? ENCRYPTED_ROOM_TTL_MS : PLAIN_ROOM_TTL_MS)) return cached.value;
    const encryption = await this.stateContent<{ algorithm?: string; rotation_period_ms?: number; rotation_period_msgs?: number }>(roomId, "m.room.encryption");
    let value: RoomEncryption | null = null;
    if (encryption?.algorithm) {
      const history = await this.stateContent<{ history_visibility?: string }>(roomId, "m.room.history_visibility");
      value = { rotationPeriodMs: encryption.rotation_period_ms, rotationPeriodMsgs: encryption.rotation_period_msgs, historyVisibility: history?.history_visibility ?? "shared" };
    }
    this.roomEncryptionCache.set(roomId, { value, at: Date.now() });
    return value;
  }

  /** Who gets the room key: the joined members, and the invited ones unless the room shows history only from joining. */
  private async keyRecipients(roomId: string, room: RoomEncryption): Promise<string[]> {
    let members = this.membersCache.get(roomId);
    if (!members || Date.now() - members.at >= KEY_RECIPIENTS_TTL_MS) {
      const res = await this.client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/members`, { not_membership: "leave" });
      const events = res.chunk as Array<{ state_key: string; content: { membership?: string } }>;
      const having = (membership: string) => events.filter((e) => e.content.membership === membership).map((e) => e.state_key);
      members = { joined: having("join"), invited: having("invite"), at: Date.now() };
      this.membersCache.set(roomId, members);
    }
    return room.historyVisibility === "joined" ? members.joined : [...members.joined, ...members.invited];
  }

  /**
   * What the homeserver reported about people's devices (the sliding-sync `e2ee` extension): someone
   * in `changed` may newly share an encrypted room with the bot (which room, it does not say), so the
   * room members read for key sharing are read again.
   */
  deviceListsChanged(changed: string[], left: string[]): void {
    if (changed.length || left.length) this.membersCache.clear();
  }

  /** Someone joined, was invited to or left a room the bot hears (the moderator room): its key recipients are read again. */
  roomMembersChanged(roomId: string): void {
    this.membersCache.delete(roomId);
  }

  /** The access token requests are made with now (it changes on rotation). */
  get accessToken(): string {
    return this.client.accessToken;
  }

  // ---- the Client-Server API operations features use (matrix-bot-sdk's names and argument order, kept from when it was the client) ----

  getWhoAmI(): ReturnType<MatrixHttpClient["getWhoAmI"]> {
    return this.client.getWhoAmI();
  }
  getJoinedRooms(): Promise<string[]> {
    return this.client.getJoinedRooms();
  }
  async joinRoom(roomIdOrAlias: string): Promise<string> {
    const roomId = await this.client.joinRoom(roomIdOrAlias);
    this.membersCache.delete(roomId);
    return roomId;
  }
  leaveRoom(roomId: string, reason?: string): Promise<void> {
    this.membersCache.delete(roomId);
    return this.client.leaveRoom(roomId, reason);
  }
  createRoom(properties: Parameters<MatrixHttpClient["createRoom"]>[0]): Promise<string> {
    return this.client.createRoom(properties);
  }
  inviteUser(userId: string, roomId: string): Promise<void> {
    this.membersCache.delete(roomId);
    return this.client.inviteUser(userId, roomId);
  }
  kickUser(userId: string, roomId: string, reason?: string): Promise<void> {
    this.membersCache.delete(roomId);
    return this.client.kickUser(userId, roomId, reason);
  }
  banUser(userId: string, roomId: string, reason?: string): Promise<void> {
    this.membersCache.delete(roomId);
    return this.client.banUser(userId, roomId, reason);
  }
  unbanUser(userId: string, roomId: string): Promise<void> {
    this.membersCache.delete(roomId);
    return this.client.unbanUser(userId, roomId);
  }
  getJoinedRoomMembers(roomId: string): Promise<string[]> {
    return this.client.getJoinedRoomMembers(roomId);
  }
  getJoinedRoomMembersWithProfiles(roomId: string): ReturnType<MatrixHttpClient["getJoinedRoomMembersWithProfiles"]> {
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
  /**
   * A Client-Server or admin API request by path, for the kernel's own adapters (admin.ts, the room
   * index). Features use the named operations instead (test/architecture/matrix-adapter.test.ts).
   */
  doRequest(method: string, path: string, qs?: any, body?: any): Promise<any> {
    return this.client.doRequest(method, path, qs, body);
  }

  // ---- named operations without a matrix-bot-sdk method: the paths stay here, features see typed results ----

  /** A room's member events; `notMembership: "leave"` leaves out those who left. */
  async roomMembers(roomId: string, options: { notMembership?: string } = {}): Promise<MemberEvent[]> {
    const query = options.notMembership ? { not_membership: options.notMembership } : undefined;
    return (await this.client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/members`, query)).chunk;
  }

  /** The room's latest events, newest first, up to `limit`, matching `filter`. */
  async recentEvents(roomId: string, options: { limit: number; filter?: EventFilter }): Promise<RoomEvent[]> {
    const query: Record<string, unknown> = { dir: "b", limit: options.limit };
    if (options.filter) query.filter = JSON.stringify(options.filter);
    return (await this.client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`, query)).chunk;
  }

  /** Events after `eventId` (its context), up to `limit`, matching `filter`. */
  async eventsAfter(roomId: string, eventId: string, options: { limit: number; filter?: EventFilter }): Promise<RoomEvent[]> {
    const query: Record<string, unknown> = { limit: options.limit };
    if (options.filter) query.filter = JSON.stringify(options.filter);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/context/${encodeURIComponent(eventId)}`;
    return (await this.client.doRequest("GET", path, query)).events_after ?? [];
  }

  /** One event as the room shows it now (redacted content included). */
  async getEvent(roomId: string, eventId: string): Promise<RoomEvent> {
    return this.client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`);
  }

  /** Redacts an event; the same `txnId` makes a repeated call land once. Returns the redaction's event ID. */
  async redactEvent(roomId: string, eventId: string, options: { txnId: string; reason?: string }): Promise<string | null> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(eventId)}/${encodeURIComponent(options.txnId)}`;
    const res = await this.client.doRequest("PUT", path, null, options.reason === undefined ? {} : { reason: options.reason });
    return res?.event_id ?? null;
  }

  /** Forgets a room the bot has left (it drops out of the bot's room list for good). */
  async forgetRoom(roomId: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/forget`, null, {});
  }

  /** The homeserver's capabilities (/capabilities), e.g. `m.room_versions`. */
  async serverCapabilities(): Promise<Record<string, any>> {
    return (await this.client.doRequest("GET", "/_matrix/client/v3/capabilities"))?.capabilities ?? {};
  }

  /** The bot account's devices (where it is signed in). */
  async devices(): Promise<Array<{ device_id: string; display_name?: string }>> {
    return (await this.client.doRequest("GET", "/_matrix/client/v3/devices")).devices;
  }

  /** One empty simplified-sliding-sync request (MSC4186); throws when the homeserver does not serve it. */
  async probeSlidingSync(connId: string): Promise<void> {
    await this.client.doRequest("POST", SLIDING_SYNC_PATH, { timeout: 0 }, { conn_id: connId, lists: {} });
  }

  /** The device's one-time keys the homeserver holds, by algorithm. */
  async oneTimeKeyCounts(): Promise<Record<string, number>> {
    return (await this.client.doRequest("POST", "/_matrix/client/v3/keys/upload", null, {})).one_time_key_counts ?? {};
  }

  /** What the homeserver holds of the bot's cross-signing identity and of this device's keys. */
  crossSigningOnServer(deviceId: string): ReturnType<typeof crossSigningOnServer> {
    return crossSigningOnServer((method, path, query, body) => this.client.doRequest(method, path, query, body), this.userId, deviceId);
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
      if (!roomIdOrAlias.startsWith("#")) throw new Error("Invalid room ID or alias");
      return await this.client.lookupRoomAlias(roomIdOrAlias);
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

  async powerLevels(roomId: string): Promise<PowerLevelsContent | null> {
    return this.stateContent<PowerLevelsContent>(roomId, "m.room.power_levels");
  }
}
