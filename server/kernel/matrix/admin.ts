import type { Bot } from "./bot.ts";

const ADMIN_CHECK_TTL_MS = 5 * 60_000;
const cache = new WeakMap<Bot, { at: number; value: boolean }>();

/** Whether the bot may use Synapse's admin API; asked once every few minutes. */
export async function isServerAdmin(bot: Bot): Promise<boolean> {
  const hit = cache.get(bot);
  if (hit && Date.now() - hit.at < ADMIN_CHECK_TTL_MS) return hit.value;
  let value = false;
  try {
    value = await askServerAdmin(bot);
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
    const res: { rooms: AdminRoomRow[]; next_batch?: number } = await bot.doRequest("GET", "/_synapse/admin/v1/rooms", { from, limit: pageSize });
    rooms.push(...res.rooms);
    from = res.next_batch ?? undefined;
  }
  return rooms;
}

/**
 * Every room a user has a membership in on this server, with that membership ("join", "invite",
 * "leave", "ban", "knock"), in one call (admin API); null where the homeserver has no such call
 * (Synapse added it late), so callers fall back to joined rooms and per-room reads.
 */
export async function membershipsOf(bot: Bot, userId: string): Promise<Map<string, string> | null> {
  try {
    const res: { memberships: Record<string, string> } = await bot.doRequest("GET", `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/memberships`);
    return new Map(Object.entries(res.memberships ?? {}));
  } catch (err) {
    if ((err as { errcode?: string }).errcode === "M_UNRECOGNIZED" || (err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

/** Rooms a local user is joined to (admin API). */
export async function joinedRoomsOf(bot: Bot, userId: string): Promise<Set<string>> {
  const res = await bot.doRequest("GET", `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/joined_rooms`);
  return new Set(res.joined_rooms as string[]);
}

// ---- Synapse's admin API: its paths and JSON stay in this file ----

const userPath = (userId: string) => `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`;
export const rateLimitPath = (userId: string) => `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`;

/** Whether the bot is a server admin, asked now (the doctor reports why not); throws what Synapse said. */
export async function askServerAdmin(bot: Bot): Promise<boolean> {
  const res = await bot.doRequest("GET", `/_synapse/admin/v1/users/${encodeURIComponent(bot.userId)}/admin`);
  return res?.admin === true;
}

/** Deletes a room; `purge` also removes it from the database, `block` stops it being joined again. v2 runs in the background. */
export async function deleteRoom(bot: Bot, roomId: string, options: { purge: boolean; block?: boolean }): Promise<void> {
  await bot.doRequest("DELETE", `/_synapse/admin/v2/rooms/${encodeURIComponent(roomId)}`, null, options);
}

export type AdminAccount = { name?: string; displayname?: string | null; deactivated?: boolean | number };

/** A local account as the admin API shows it; throws a not-found when there is none. */
export async function adminAccount(bot: Bot, userId: string): Promise<AdminAccount> {
  return bot.doRequest("GET", userPath(userId));
}

/** Creates or changes a local account (displayname, external_ids…). */
export async function putAdminAccount(bot: Bot, userId: string, body: Record<string, unknown>): Promise<void> {
  await bot.doRequest("PUT", userPath(userId), null, body);
}

export async function deactivateAccount(bot: Bot, userId: string, options: { erase: boolean }): Promise<void> {
  await bot.doRequest("POST", `/_synapse/admin/v1/deactivate/${encodeURIComponent(userId)}`, null, options);
}

/** One page of every local account (deactivated included, guests not). */
export async function accountPage(bot: Bot, from: string, limit: number): Promise<{ users: Array<Required<Pick<AdminAccount, "name">> & AdminAccount>; next_token?: string | number }> {
  return bot.doRequest("GET", "/_synapse/admin/v2/users", { from, limit, deactivated: "true", guests: "false" });
}

/** The bot's rate-limit override, or an empty object when it has none. */
export async function rateLimitOverride(bot: Bot): Promise<{ messages_per_second?: number; burst_count?: number } | null> {
  return bot.doRequest("GET", rateLimitPath(bot.userId));
}

/** Exempts the bot from Synapse's rate limits. */
export async function liftBotRateLimit(bot: Bot): Promise<void> {
  await bot.doRequest("POST", rateLimitPath(bot.userId), null, { messages_per_second: 0, burst_count: 0 });
}

// ---- Event reports (members' reports of messages); Synapse pushes none, so they are read here ----

/** One report as the rest of the code sees it (Synapse's JSON stays in this file). */
export type EventReport = {
  id: number;
  eventId: string;
  roomId: string;
  /** Who reported it. */
  reporter: string;
  /** Who sent the reported event. */
  sender: string;
  reason: string | null;
  score: number | null;
  receivedTs: number;
  roomName: string | null;
  roomAlias: string | null;
};

type EventReportRow = {
  id: number;
  event_id: string;
  room_id: string;
  user_id: string;
  sender: string;
  reason?: string | null;
  score?: number | null;
  received_ts: number;
  name?: string | null;
  canonical_alias?: string | null;
  event_json?: Record<string, unknown>;
};

const fromReportRow = (r: EventReportRow): EventReport => ({
  id: r.id,
  eventId: r.event_id,
  roomId: r.room_id,
  reporter: r.user_id,
  sender: r.sender,
  reason: r.reason ?? null,
  score: typeof r.score === "number" ? r.score : null,
  receivedTs: r.received_ts,
  roomName: r.name ?? null,
  roomAlias: r.canonical_alias ?? null,
});

export type EventReportFilter = { roomId?: string; reporter?: string; sender?: string };

/** One page of reports, newest first; `next` is the offset of the following page, absent on the last. */
export async function eventReportPage(bot: Bot, from: number, limit: number, filter: EventReportFilter = {}): Promise<{ reports: EventReport[]; total: number; next?: number }> {
  const res: { event_reports: EventReportRow[]; total: number; next_token?: number } = await bot.doRequest("GET", "/_synapse/admin/v1/event_reports", {
    from,
    limit,
    dir: "b",
    ...(filter.roomId ? { room_id: filter.roomId } : {}),
    ...(filter.reporter ? { user_id: filter.reporter } : {}),
    ...(filter.sender ? { event_sender_user_id: filter.sender } : {}),
  });
  return { reports: res.event_reports.map(fromReportRow), total: res.total, ...(res.next_token !== undefined ? { next: res.next_token } : {}) };
}

/** One report with the reported event as the server stored it (encrypted events stay encrypted). */
export async function eventReport(bot: Bot, id: number): Promise<EventReport & { event: Record<string, unknown> | null }> {
  const row: EventReportRow = await bot.doRequest("GET", `/_synapse/admin/v1/event_reports/${id}`);
  return { ...fromReportRow(row), event: row.event_json ?? null };
}

/** Deletes (dismisses) a report; false when it was already gone. */
export async function deleteEventReport(bot: Bot, id: number): Promise<boolean> {
  try {
    await bot.doRequest("DELETE", `/_synapse/admin/v1/event_reports/${id}`);
    return true;
  } catch (err) {
    if ((err as { errcode?: string }).errcode === "M_NOT_FOUND" || (err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}
