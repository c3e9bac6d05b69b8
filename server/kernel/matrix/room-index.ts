import type { Logger } from "pino";
import type { Bot } from "./bot.ts";
import { SLIDING_SYNC_PATH as SLIDING_SYNC } from "./sync-request.ts";
import { applyStateEvent, emptyRoomState, DIRECTORY_STATE_TYPES, type RoomState, type StateEvent } from "./room-state.ts";

const REQUIRED_STATE = DIRECTORY_STATE_TYPES.map((type) => [type, "*"]);

type SlidingRoom = { name?: string; joined_count?: number; required_state?: StateEvent[] };
type SlidingResponse = {
  pos: string;
  rooms?: Record<string, SlidingRoom>;
  extensions?: { account_data?: { rooms?: Record<string, Array<{ type: string; content: { tags?: Record<string, unknown> } }>> } };
};

/**
 * The rooms the bot is in, with the state the directory needs, kept through a sliding-sync
 * connection (MSC4186, built into Synapse): one request for every room, then only what changed.
 * Pages can also be detailed on their own (`detail`), which answers a cold first page quickly.
 */
export class RoomIndex {
  private readonly bot: Bot;
  private readonly logger: Logger;
  private readonly rooms = new Map<string, RoomState>();
  private pos: string | undefined;
  private inflight: Promise<void> | undefined;
  private complete = false;

  constructor(bot: Bot, logger: Logger) {
    this.bot = bot;
    this.logger = logger.child({ module: "room-index" });
  }

  /** True once every joined room has been loaded at least once. */
  isComplete(): boolean {
    return this.complete;
  }

  /** Brings the index up to date; concurrent callers share one request. */
  refresh(): Promise<void> {
    this.inflight ??= this.syncAll().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  noteCreated(roomId: string): void {
    this.logger.debug({ roomId }, "room created; next refresh adds it");
  }

  all(): RoomState[] {
    return [...this.rooms.values()];
  }

  get(roomId: string): RoomState | undefined {
    return this.rooms.get(roomId);
  }

  /** Loads the state of just these rooms (a page), without waiting for the whole index. */
  async detail(roomIds: string[]): Promise<Map<string, RoomState>> {
    const result = new Map<string, RoomState>();
    const missing = roomIds.filter((id) => {
      const known = this.rooms.get(id);
      if (known) result.set(id, known);
      return !known;
    });
    if (!missing.length) return result;
    const res: SlidingResponse = await this.bot.doRequest("POST", SLIDING_SYNC, { timeout: 0 }, {
      conn_id: `page-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      room_subscriptions: Object.fromEntries(missing.map((id) => [id, { required_state: REQUIRED_STATE, timeline_limit: 0 }])),
      extensions: { account_data: { enabled: true, rooms: missing } },
    });
    for (const [roomId, room] of Object.entries(res.rooms ?? {})) result.set(roomId, this.fold(emptyRoomState(roomId), room, res, roomId));
    return result;
  }

  private fold(state: RoomState, room: SlidingRoom, res: SlidingResponse, roomId: string): RoomState {
    for (const event of room.required_state ?? []) applyStateEvent(state, event);
    if (typeof room.joined_count === "number") state.members = room.joined_count;
    for (const event of res.extensions?.account_data?.rooms?.[roomId] ?? []) {
      if (event.type === "m.tag") state.tags = new Set(Object.keys(event.content.tags ?? {}));
    }
    return state;
  }

  private async syncAll(): Promise<void> {
    const joined: string[] = (await this.bot.getJoinedRooms()) ?? [];
    const body = {
      conn_id: "directory",
      lists: { all: { ranges: [[0, Math.max(joined.length, 1) + 99]], required_state: REQUIRED_STATE, timeline_limit: 0 } },
      extensions: { account_data: { enabled: true, lists: ["all"] } },
    };
    let res: SlidingResponse;
    try {
      res = await this.bot.doRequest("POST", SLIDING_SYNC, { timeout: 0, ...(this.pos ? { pos: this.pos } : {}) }, body);
    } catch (err) {
      // An expired connection (unknown pos) starts over.
      if (!this.pos) throw err;
      this.pos = undefined;
      this.rooms.clear();
      res = await this.bot.doRequest("POST", SLIDING_SYNC, { timeout: 0 }, body);
    }
    for (const [roomId, room] of Object.entries(res.rooms ?? {})) {
      const existing = this.rooms.get(roomId);
      const state = existing && !(room as { initial?: boolean }).initial ? existing : emptyRoomState(roomId);
      this.rooms.set(roomId, this.fold(state, room, res, roomId));
    }
    const joinedSet = new Set(joined);
    for (const roomId of this.rooms.keys()) if (!joinedSet.has(roomId)) this.rooms.delete(roomId);
    this.pos = res.pos;
    this.complete = true;
  }
}
