import type { Logger } from "pino";
import type { Bot } from "../matrix/bot.ts";
import { applyStateEvent, emptyRoomState, DIRECTORY_STATE_TYPES, type RoomState, type StateEvent } from "./room-state.ts";

const SYNC_FILTER = {
  presence: { types: [] as string[] },
  account_data: { types: [] as string[] },
  room: {
    state: { types: DIRECTORY_STATE_TYPES, lazy_load_members: true },
    timeline: { types: DIRECTORY_STATE_TYPES, limit: 5 },
    ephemeral: { types: [] as string[] },
    account_data: { types: ["m.tag"] },
  },
};

type SyncRoom = {
  state?: { events?: StateEvent[] };
  timeline?: { events?: StateEvent[] };
  summary?: { "m.joined_member_count"?: number };
  account_data?: { events?: Array<{ type: string; content: { tags?: Record<string, unknown> } }> };
};

/**
 * The rooms the bot is in, kept from one filtered /sync (state types the directory needs only) and
 * brought up to date by an incremental sync before each query: one request, however many rooms.
 */
export class RoomIndex {
  private readonly bot: Bot;
  private readonly logger: Logger;
  private readonly rooms = new Map<string, RoomState>();
  private since: string | undefined;
  private filterId: string | undefined;
  private inflight: Promise<void> | undefined;

  constructor(bot: Bot, logger: Logger) {
    this.bot = bot;
    this.logger = logger.child({ module: "room-index" });
  }

  /** Brings the index up to date; concurrent callers share one sync request. */
  refresh(): Promise<void> {
    this.inflight ??= this.syncOnce().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** A room the dashboard just created: the next refresh picks up its state. */
  noteCreated(roomId: string): void {
    if (!this.rooms.has(roomId)) this.logger.debug({ roomId }, "room created; next refresh adds it");
  }

  all(): RoomState[] {
    return [...this.rooms.values()];
  }

  get(roomId: string): RoomState | undefined {
    return this.rooms.get(roomId);
  }

  private async syncOnce(): Promise<void> {
    this.filterId ??= (await this.bot.client.doRequest("POST", `/_matrix/client/v3/user/${encodeURIComponent(this.bot.userId)}/filter`, null, SYNC_FILTER)).filter_id as string;
    const query: Record<string, string | number> = { filter: this.filterId!, timeout: 0 };
    if (this.since) query.since = this.since;
    const res = await this.bot.client.doRequest("GET", "/_matrix/client/v3/sync", query, null, 120_000);
    for (const [roomId, room] of Object.entries((res.rooms?.join ?? {}) as Record<string, SyncRoom>)) {
      let state = this.rooms.get(roomId);
      if (!state) this.rooms.set(roomId, (state = emptyRoomState(roomId)));
      for (const event of room.state?.events ?? []) applyStateEvent(state, event);
      for (const event of room.timeline?.events ?? []) if (event.state_key !== undefined) applyStateEvent(state, event);
      for (const event of room.account_data?.events ?? []) {
        if (event.type === "m.tag") state.tags = new Set(Object.keys(event.content.tags ?? {}));
      }
      const joined = room.summary?.["m.joined_member_count"];
      if (typeof joined === "number") state.members = joined;
    }
    for (const roomId of Object.keys(res.rooms?.leave ?? {})) this.rooms.delete(roomId);
    this.since = res.next_batch;
  }
}
