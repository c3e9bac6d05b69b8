import type { Bot } from "./bot.ts";
import { SLIDING_SYNC_PATH } from "./sync-request.ts";
import type { StateEvent } from "./room-state.ts";

/** Rooms asked about in one sliding-sync request; an access check over thousands of rooms takes a few. */
const ROOMS_PER_REQUEST = 500;

/** Each room's memberships of the people asked about ("join", "invite", "leave", "ban", "knock"); someone who never had one is absent. */
export type RoomMemberships = Map<string, Map<string, string>>;

type SlidingResponse = { rooms?: Record<string, { required_state?: StateEvent[] }> };

/**
 * The memberships of a few people in many rooms the bot is in, in one request per 500 rooms
 * (a sliding-sync subscription asking only for those people's member events) instead of one
 * state read per person per room. A room the homeserver leaves out of the answer is read the
 * slow way, person by person, so the answer is always complete.
 */
export async function membershipsIn(bot: Bot, roomIds: string[], userIds: string[]): Promise<RoomMemberships> {
  const result: RoomMemberships = new Map();
  if (!roomIds.length || !userIds.length) return new Map(roomIds.map((id) => [id, new Map()]));
  const requiredState = userIds.map((u) => ["m.room.member", u]);
  for (let i = 0; i < roomIds.length; i += ROOMS_PER_REQUEST) {
    const chunk = roomIds.slice(i, i + ROOMS_PER_REQUEST);
    const res: SlidingResponse = await bot.doRequest("POST", SLIDING_SYNC_PATH, { timeout: 0 }, {
      conn_id: `members-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      room_subscriptions: Object.fromEntries(chunk.map((id) => [id, { required_state: requiredState, timeline_limit: 0 }])),
    });
    for (const [roomId, room] of Object.entries(res.rooms ?? {})) {
      const members = new Map<string, string>();
      for (const event of room.required_state ?? []) {
        if (event.type === "m.room.member" && event.state_key && typeof event.content?.membership === "string") members.set(event.state_key, event.content.membership);
      }
      result.set(roomId, members);
    }
  }
  const left = roomIds.filter((id) => !result.has(id));
  await Promise.all(
    left.map(async (roomId) => {
      const memberships = await Promise.all(userIds.map((u) => bot.membershipOf(roomId, u)));
      result.set(roomId, new Map(userIds.flatMap((u, i) => (memberships[i] ? [[u, memberships[i]!] as const] : []))));
    }),
  );
  return result;
}
