import type { Bot } from "./bot.ts";

const ADMIN_CHECK_TTL_MS = 5 * 60_000;
const cache = new WeakMap<Bot, { at: number; value: boolean }>();

/** Whether the bot may use Synapse's admin API; asked once every few minutes. */
export async function isServerAdmin(bot: Bot): Promise<boolean> {
  const hit = cache.get(bot);
  if (hit && Date.now() - hit.at < ADMIN_CHECK_TTL_MS) return hit.value;
  let value = false;
  try {
    const res = await bot.client.doRequest("GET", `/_synapse/admin/v1/users/${encodeURIComponent(bot.userId)}/admin`);
    value = res?.admin === true;
  } catch {
    value = false;
  }
  cache.set(bot, { at: Date.now(), value });
  return value;
}

export type AdminRoomRow = {
  room_id: string;
  name: string | null;
  canonical_alias: string | null;
  joined_members: number;
  encryption: string | null;
  join_rules: string | null;
  room_type: string | null;
  version: string | null;
  creator: string | null;
};

/** Every room on the server, through the admin room list, page by page. */
export async function allServerRooms(bot: Bot, pageSize = 1000): Promise<AdminRoomRow[]> {
  const rooms: AdminRoomRow[] = [];
  let from: number | undefined = 0;
  while (from !== undefined) {
    const res: { rooms: AdminRoomRow[]; next_batch?: number } = await bot.client.doRequest("GET", "/_synapse/admin/v1/rooms", { from, limit: pageSize });
    rooms.push(...res.rooms);
    from = res.next_batch ?? undefined;
  }
  return rooms;
}

/** Rooms a local user is joined to (admin API). */
export async function joinedRoomsOf(bot: Bot, userId: string): Promise<Set<string>> {
  const res = await bot.client.doRequest("GET", `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/joined_rooms`);
  return new Set(res.joined_rooms as string[]);
}
