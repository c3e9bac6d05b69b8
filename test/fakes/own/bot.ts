import { powerLevelFromState, type PowerLevelsContent } from "../../../server/kernel/matrix/power-levels.ts";
import type { EncryptionState, EventFilter, Mentions, MessageContent, RoomEvent } from "../../../server/kernel/matrix/bot.ts";
import type { Actor } from "../../../server/kernel/runtime/define-action.ts";
import type { NewJob } from "../../../server/kernel/jobs/job-store.ts";
import type { JobSnapshot } from "../../../shared/jobs.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";

/**
 * An in-memory stand-in for OUR Bot adapter (server/kernel/matrix/bot.ts), for planner unit tests
 * that run in milliseconds. It keeps Matrix's power rules by using the same pure
 * `powerLevelFromState` the adapter uses; the Synapse tests keep the adapter itself honest.
 */
export type FakeRoom = {
  creator: string;
  roomVersion?: string;
  powerLevels: PowerLevelsContent;
  members: Record<string, string>;
  events?: RoomEvent[];
  encrypted?: boolean;
  state?: Array<{ type: string; state_key: string; content: Record<string, unknown> }>;
};

export const SERVER = "example.org";
export const BOT = `@bot:${SERVER}`;
export const MODERATOR_ROOM = `!mods:${SERVER}`;

function notFound(): Error {
  return Object.assign(new Error("M_NOT_FOUND"), { errcode: "M_NOT_FOUND", statusCode: 404 });
}

export class FakeBot {
  readonly userId = BOT;
  readonly serverName = SERVER;
  encryption: EncryptionState = { on: false, reason: "encryption is off in this test" };
  /** Every write, in order, so a test can say what apply did. */
  readonly writes: Array<{ op: string; room: string; [key: string]: unknown }> = [];
  private txns = new Set<string>();

  readonly rooms: Record<string, FakeRoom>;

  constructor(rooms: Record<string, FakeRoom>) {
    this.rooms = rooms;
  }

  private room(roomId: string): FakeRoom {
    const room = this.rooms[roomId];
    if (!room) throw notFound();
    return room;
  }

  /** Aliases the homeserver would resolve (`#name:server` → room ID). */
  readonly aliases: Record<string, string> = {};

  async getJoinedRooms(): Promise<string[]> {
    return Object.keys(this.rooms).filter((roomId) => this.rooms[roomId]!.members[BOT] === "join");
  }
  /** Like the adapter: a room ID is taken as it is, an alias is looked up (unknown: not found). */
  async resolveRoom(ref: string): Promise<string> {
    if (ref.startsWith("!")) return ref;
    const roomId = this.aliases[ref];
    if (!roomId) throw notFound();
    return roomId;
  }

  async createEvent(roomId: string) {
    const room = this.room(roomId);
    return { sender: room.creator, content: { room_version: room.roomVersion ?? "10", creator: room.creator } };
  }
  async powerLevels(roomId: string): Promise<PowerLevelsContent | null> {
    return structuredClone(this.room(roomId).powerLevels);
  }
  async powerLevelOf(roomId: string, userId: string): Promise<number> {
    const create = await this.createEvent(roomId);
    return powerLevelFromState(userId, create.content, this.room(roomId).powerLevels, create.sender);
  }
  async membershipOf(roomId: string, userId: string): Promise<string | null> {
    return this.room(roomId).members[userId] ?? null;
  }
  async getRoomState(roomId: string): Promise<any[]> {
    return this.room(roomId).state ?? [];
  }
  async isEncrypted(roomId: string): Promise<boolean> {
    return this.room(roomId).encrypted ?? false;
  }
  async recentEvents(roomId: string, options: { limit: number; filter?: EventFilter }): Promise<RoomEvent[]> {
    const senders = options.filter?.senders;
    return (this.room(roomId).events ?? []).filter((e) => !senders || senders.includes(e.sender)).slice(0, options.limit);
  }

  async kickUser(userId: string, roomId: string, reason?: string): Promise<void> {
    this.room(roomId).members[userId] = "leave";
    this.writes.push({ op: "kick", room: roomId, user: userId, reason });
  }
  async banUser(userId: string, roomId: string, reason?: string): Promise<void> {
    this.room(roomId).members[userId] = "ban";
    this.writes.push({ op: "ban", room: roomId, user: userId, reason });
  }
  async updatePowerLevels(roomId: string, change: (current: PowerLevelsContent) => PowerLevelsContent | undefined): Promise<boolean> {
    const room = this.room(roomId);
    const next = change({ ...structuredClone(room.powerLevels), users: { ...(room.powerLevels.users ?? {}) } });
    if (!next) return false;
    room.powerLevels = next;
    this.writes.push({ op: "power_levels", room: roomId, content: next });
    return true;
  }
  async sendMessage(roomId: string, content: MessageContent, options: { mentions?: Mentions; txnId?: string } = {}): Promise<string> {
    this.room(roomId);
    this.writes.push({ op: "message", room: roomId, content, mentions: options.mentions ?? {} });
    return `$message-${this.writes.length}`;
  }
  async inviteUser(userId: string, roomId: string): Promise<void> {
    this.room(roomId).members[userId] = "invite";
    this.writes.push({ op: "invite", room: roomId, user: userId });
  }
  async unbanUser(userId: string, roomId: string): Promise<void> {
    this.room(roomId).members[userId] = "leave";
    this.writes.push({ op: "unban", room: roomId, user: userId });
  }
  async stateContent<T = Record<string, unknown>>(roomId: string, type: string, stateKey = ""): Promise<T | null> {
    const event = (this.room(roomId).state ?? []).find((e) => e.type === type && e.state_key === stateKey);
    return event ? (structuredClone(event.content) as T) : null;
  }
  async sendStateEvent(roomId: string, type: string, stateKey: string, content: any): Promise<string> {
    const room = this.room(roomId);
    room.state = [...(room.state ?? []).filter((e) => e.type !== type || e.state_key !== stateKey), { type, state_key: stateKey, content }];
    this.writes.push({ op: "state", room: roomId, type, stateKey, content });
    return `$state-${this.writes.length}`;
  }
  /** The fake holds no room keys: like the adapter with a message it cannot read. */
  async decrypt(): Promise<null> {
    return null;
  }
  async redactEvent(roomId: string, eventId: string, options: { txnId: string; reason?: string }): Promise<string | null> {
    // Like the homeserver: the same transaction lands once.
    if (this.txns.has(options.txnId)) return `$redaction-${eventId}`;
    this.txns.add(options.txnId);
    const event = (this.room(roomId).events ?? []).find((e) => e.event_id === eventId);
    if (event) event.content = {};
    this.writes.push({ op: "redact", room: roomId, event: eventId, reason: options.reason });
    return `$redaction-${eventId}`;
  }
}

/** The moderator room as the ModeratorCheck adapter shows it. */
export function fakeModerators(bot: FakeBot) {
  return {
    roomId: async () => MODERATOR_ROOM,
    createEvent: () => bot.createEvent(MODERATOR_ROOM),
  };
}

/** Records the jobs an apply starts, as the runner's `submit` would take them. */
export function fakeJobs() {
  const submitted: NewJob[] = [];
  return {
    submitted,
    submit(job: NewJob) {
      submitted.push(job);
      return { snapshot: { id: `job-${submitted.length}` } as any, created: true };
    },
  };
}

/** A person acting from the widget at their moderator-room level. */
export function person(userId: string, powerLevel: number): Actor {
  return { kind: "session", id: userId, userId, powerLevel };
}

/** The context a job kind's items get: its capabilities, a quiet logger and the job (items read only its id). */
export function jobContext<C>(caps: C, jobId = "job-1") {
  const now = new Date(0).toISOString();
  const job: JobSnapshot = { id: jobId, kind: "test", state: "running", actor: "@mod:example.org", total: 1, done: 0, failed: 0, skipped: 0, message: null, createdAt: now, updatedAt: now, finishedAt: null };
  return { caps, logger: silentLogger(), job };
}

/** One job item as the runner hands it over (`attempts` > 0: it ran before, as after a crash). */
export function jobItem<D>(data: D, { seq = 0, attempts = 0, key = "item" }: { seq?: number; attempts?: number; key?: string } = {}) {
  return { seq, key, data, attempts };
}

/** The context a narrowed action's plan and apply get. */
export function capsContext<C>(caps: C, actor: Actor) {
  return { caps, actor, logger: silentLogger() };
}
