import type { Logger } from "pino";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { describeMatrixFailure, isUnrecognised } from "../../kernel/errors/homeserver-failure.ts";
import { sleepFor } from "../../kernel/matrix/retry.ts";
import { roomTimelineRequest, type EncryptionExtensions, type RoomTimelineResponse, type TimelineEvent } from "../../kernel/matrix/sync-request.ts";

const LONG_POLL_MS = 30_000;
const TIMELINE_LIMIT = 50;
const HEARD_TYPES = new Set(["m.room.message", "m.room.encrypted"]);
const MAX_BACKOFF_MS = 60_000;
/** A message whose room key has not arrived is tried again after each sync for this long. */
const KEY_WAIT_MS = 60_000;

/**
 * The homeserver cannot continue this connection: it forgot the position (M_UNKNOWN_POS), or, in
 * Synapse, a room purged while the connection was open makes every later answer a 404 until a new
 * connection is opened. Authentication and rate-limit answers are not this.
 */
function connectionBroken(err: unknown): boolean {
  const status = (err as { statusCode?: number }).statusCode ?? 0;
  return (status === 400 || status === 404) && !isUnrecognised(err);
}

/**
 * The bot's own long-poll on the moderator room's timeline (a sliding-sync subscription to that one
 * room). The first answer only takes the position, so messages written before the server started
 * (old commands) are never run. When the homeserver forgets the connection, a new one is opened and
 * only the messages newer than the last one heard are run.
 */
export class ModeratorRoomListener {
  private readonly bot: Bot;
  private readonly roomId: string;
  private readonly logger: Logger;
  private readonly onEvent: (event: TimelineEvent) => Promise<void>;
  private readonly aborter = new AbortController();
  private readonly inflight = new Set<Promise<void>>();
  private pos: string | undefined;
  private started = false;
  /** Newest message seen, so a replacement connection runs only what came after it. */
  private lastSeenTs = 0;
  private loop: Promise<void> | undefined;
  private warnedEncrypted = false;
  /** Position in the encryption device's to-device inbox, and which device it belongs to. */
  private toDevice: { deviceId: string; since: string | null } | undefined;
  /** The device that follows the room's members' devices. */
  private followingWith: string | undefined;
  /** Encrypted messages waiting for their room key. */
  private awaitingKeys: Array<{ event: TimelineEvent; since: number }> = [];

  constructor(options: { bot: Bot; roomId: string; logger: Logger; onEvent: (event: TimelineEvent) => Promise<void> }) {
    this.bot = options.bot;
    this.roomId = options.roomId;
    this.logger = options.logger;
    this.onEvent = options.onEvent;
  }

  /** Resolves once the backlog is skipped (or that failed and the loop will retry it): later messages are heard. */
  async start(): Promise<void> {
    await this.poll().catch((err) => this.logger.warn({ cause: describeMatrixFailure(err).message }, "moderator room: first sync failed; retrying"));
    this.loop = this.run();
  }

  /** Ends the long-poll at once and waits for commands already being handled. */
  async stop(): Promise<void> {
    this.aborter.abort();
    await this.loop;
    await Promise.allSettled([...this.inflight]);
  }

  private async run(): Promise<void> {
    const { signal } = this.aborter;
    for (let failures = 0; !signal.aborted; ) {
      try {
        await this.poll();
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        const failure = describeMatrixFailure(err);
        if (failures === 1 || failures % 10 === 0) this.logger.warn({ cause: failure.message, fix: failure.hint, failures }, "moderator room: sync failed; retrying");
        await sleepFor(Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS), signal);
      }
    }
  }

  private async poll(): Promise<void> {
    const catchingUp = !this.started;
    let res: RoomTimelineResponse;
    try {
      res = await this.request(catchingUp ? 0 : LONG_POLL_MS);
    } catch (err) {
      if (!this.pos || !connectionBroken(err)) throw err;
      this.logger.info({ cause: describeMatrixFailure(err).message }, "moderator room: the sync connection cannot go on; opening a new one");
      this.pos = undefined;
      res = await this.request(0);
    }
    this.pos = res.pos;
    this.started = true;
    await this.receiveForDevice(res.extensions);
    const room = res.rooms?.[this.roomId];
    await this.followMembers(room?.timeline ?? []);
    const events = (room?.timeline ?? []).filter((e) => HEARD_TYPES.has(e.type) && e.sender !== this.bot.userId);
    const newest = Math.max(this.lastSeenTs, ...events.map((e) => e.origin_server_ts));
    if (catchingUp) {
      this.lastSeenTs = newest;
      return;
    }
    // A fresh connection starts with the room's recent history: run only what is newer than what was heard.
    const fresh = room?.initial ? events.filter((e) => e.origin_server_ts > this.lastSeenTs) : events;
    this.lastSeenTs = newest;
    if (room?.limited && !room.initial) this.logger.warn("moderator room: more messages arrived than one sync carries; some commands may have been missed");
    const waiting = this.awaitingKeys;
    this.awaitingKeys = [];
    for (const { event, since } of waiting) await this.decryptAndDispatch(event, since);
    for (const event of fresh) await this.decryptAndDispatch(event, Date.now());
  }

  /** The device follows everyone in the room (when it starts listening, then whoever joins), so their room keys are accepted. */
  private async followMembers(timeline: TimelineEvent[]): Promise<void> {
    // A moderator who already shares another encrypted room with the bot shows no device-list change
    // when joining here; without this, a reply to their first command could go out without their key.
    if (timeline.some((e) => e.type === "m.room.member")) this.bot.roomMembersChanged(this.roomId);
    const encryption = this.bot.encryption;
    if (!encryption.on) return;
    const joining = timeline.filter((e) => e.type === "m.room.member" && e.state_key && ["join", "invite"].includes(String(e.content.membership)));
    // A new device (start, token rotation) follows the whole room first.
    const whole = this.followingWith !== encryption.device.deviceId;
    const users = whole
      ? await this.bot.getJoinedRoomMembers(this.roomId)
      : joining.map((e) => e.state_key!);
    if (users.length) await encryption.device.trackUsers(users);
    this.followingWith = encryption.device.deviceId;
  }

  /** Hands the encryption device its to-device messages, device-list changes and key counts. */
  private async receiveForDevice(extensions: EncryptionExtensions | undefined): Promise<void> {
    const encryption = this.bot.encryption;
    if (!encryption.on || !extensions || this.toDevice?.deviceId !== encryption.device.deviceId) return;
    const { to_device: toDevice, e2ee } = extensions;
    this.bot.deviceListsChanged(e2ee?.device_lists?.changed ?? [], e2ee?.device_lists?.left ?? []);
    await encryption.device.receiveSync({
      toDevice: toDevice?.events ?? [],
      changed: e2ee?.device_lists?.changed ?? [],
      left: e2ee?.device_lists?.left ?? [],
      oneTimeKeyCounts: e2ee?.device_one_time_keys_count ?? {},
      unusedFallbackKeyTypes: e2ee?.device_unused_fallback_key_types ?? [],
    });
    // Acknowledged only once the device has them: after a crash the homeserver sends them again.
    if (toDevice?.next_batch) this.toDevice.since = toDevice.next_batch;
  }

  private request(timeoutMs: number): Promise<RoomTimelineResponse> {
    const encryption = this.bot.encryption;
    // A new device (token rotation) has its own inbox.
    if (encryption.on && this.toDevice?.deviceId !== encryption.device.deviceId) this.toDevice = { deviceId: encryption.device.deviceId, since: null };
    return roomTimelineRequest(
      this.bot,
      {
        connection: "moderator-room-commands",
        roomId: this.roomId,
        timelineLimit: TIMELINE_LIMIT,
        pos: this.pos,
        timeoutMs,
        ...(encryption.on ? { toDeviceSince: this.toDevice!.since } : {}),
      },
      this.aborter.signal,
    );
  }

  /** Encrypted messages are read through the bot's device; one whose key has not come yet waits for a later sync. */
  private async decryptAndDispatch(event: TimelineEvent, since: number): Promise<void> {
    if (event.type !== "m.room.encrypted") return this.dispatch(event);
    if (!this.bot.encryption.on) return this.warnEncrypted();
    const clear = await this.bot.decrypt(this.roomId, event);
    if (clear) return clear.type === "m.room.message" ? this.dispatch({ ...event, type: clear.type, content: clear.content }) : undefined;
    if (Date.now() - since < KEY_WAIT_MS) {
      this.awaitingKeys.push({ event, since });
      return;
    }
    this.logger.warn(
      { eventId: event.event_id, sender: event.sender, fix: "The sender's client did not share the room key with the bot's device; check that it does not exclude unverified devices, and that `npm run doctor` shows the bot's device cross-signed." },
      "moderator room: a message could not be decrypted, so it was not read as a command",
    );
  }

  private dispatch(event: TimelineEvent): void {
    const handled = this.onEvent(event)
      .catch((err) => this.logger.error({ err, eventId: event.event_id }, "moderator room: handling a message failed"))
      .finally(() => this.inflight.delete(handled));
    this.inflight.add(handled);
  }

  private warnEncrypted(): void {
    if (this.warnedEncrypted) return;
    this.warnedEncrypted = true;
    this.logger.warn(
      { fix: "Use the widget, or a moderator room without encryption; `npm run doctor` checks this." },
      `moderator room: an encrypted message arrived and the bot cannot decrypt it, so chat commands in this room are not read (${this.bot.encryption.on ? "" : this.bot.encryption.reason})`,
    );
  }
}
