import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { RoomListPage, RoomListQuery, RoomSummary } from "../../../shared/rooms.ts";
import type { RoomState } from "../../kernel/matrix/room-state.ts";
import { listModerators } from "./moderators.ts";
import { allServerRooms, isServerAdmin, type AdminRoomRow } from "../../kernel/matrix/admin.ts";
import { moderatorRooms, roomsCoverage, type Coverage } from "./coverage.ts";

export { moderatorCoverage, type Coverage } from "./coverage.ts";

function fromIndex(room: RoomState, coverage: Coverage | null): RoomSummary {
  return {
    roomId: room.roomId,
    name: room.name,
    canonicalAlias: room.canonicalAlias,
    topic: room.topic,
    members: room.members,
    joinRule: room.joinRule,
    encrypted: room.encrypted,
    isSpace: room.isSpace,
    roomVersion: room.roomVersion,
    spaceParents: [...room.spaceParents],
    bridge: room.bridges.values().next().value ?? null,
    botJoined: true,
    moderatorCoverage: coverage,
  };
}

function fromAdminRow(row: AdminRoomRow): RoomSummary {
  return {
    roomId: row.room_id,
    name: row.name,
    canonicalAlias: row.canonical_alias,
    topic: null,
    members: row.joined_members,
    joinRule: row.join_rules,
    encrypted: Boolean(row.encryption),
    isSpace: row.room_type === "m.space",
    roomVersion: row.version,
    spaceParents: [],
    bridge: null,
    botJoined: false,
    moderatorCoverage: null,
  };
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function matches(room: RoomSummary, q: RoomListQuery): boolean {
  if (q.search) {
    const needle = q.search.toLowerCase();
    if (![room.name, room.canonicalAlias, room.roomId].some((v) => v?.toLowerCase().includes(needle))) return false;
  }
  if (q.encrypted && room.encrypted !== (q.encrypted === "true")) return false;
  if (q.bridged && (room.bridge !== null) !== (q.bridged === "true")) return false;
  if (q.missingModerators) {
    const gaps = room.moderatorCoverage ? room.moderatorCoverage.missing.length + room.moderatorCoverage.belowLevel.length > 0 : false;
    if (gaps !== (q.missingModerators === "true")) return false;
  }
  return true;
}

function compare(q: RoomListQuery): (a: RoomSummary, b: RoomSummary) => number {
  const sign = q.dir === "desc" ? -1 : 1;
  const key = (r: RoomSummary) => (q.sort === "alias" ? r.canonicalAlias ?? "\uffff" : r.name ?? r.canonicalAlias ?? r.roomId);
  return q.sort === "members"
    ? (a, b) => sign * (a.members - b.members) || collator.compare(key(a), key(b))
    : (a, b) => sign * collator.compare(key(a), key(b)) || a.roomId.localeCompare(b.roomId);
}

/**
 * The room directory: the bot's rooms (always), every room on the server (admin bot), filtered,
 * sorted and paged here. A cold admin bot answers from Synapse's admin room list and details only
 * the page shown, while the full index warms up; filters on details wait for the full index.
 */
export async function listRooms(app: AppContext, q: RoomListQuery): Promise<RoomListPage> {
  const moderatorRoomId = await app.moderators.roomId();
  const [admin, moderators] = await Promise.all([isServerAdmin(app.bot), listModerators(app.bot, moderatorRoomId, app.config.moderatorPowerLevel)]);
  // Read while the room list loads; awaited only where coverage is shown (a failure surfaces there).
  const known = moderatorRooms(app.bot, moderators);
  known.catch(() => {});
  // The same reading the Access check makes (pending invites count), so badge and check agree; all the rooms in one go.
  const summarise = async (rooms: RoomState[]) => {
    const coverage = await roomsCoverage(app, rooms, moderators, await known, moderatorRoomId);
    return rooms.map((room) => fromIndex(room, coverage.get(room.roomId)!));
  };
  const needsDetails = Boolean(q.bridged || q.missingModerators);
  const fromIndexOnly = !admin || needsDetails || app.rooms.isComplete();
  const warming = fromIndexOnly ? app.rooms.refresh() : undefined;
  if (!fromIndexOnly) app.rooms.refresh().catch(() => {});
  await warming;

  const summaries = new Map<string, RoomSummary>();
  const states = new Map<string, RoomState>();
  const [adminRows, botRooms] = await Promise.all([
    admin && (!fromIndexOnly || q.scope === "server") ? allServerRooms(app.bot) : [],
    fromIndexOnly ? [] : app.bot.getJoinedRooms(),
  ]);
  if (fromIndexOnly) {
    // Coverage may cost member reads (a bot that is not server admin); only the moderator filter needs it before paging.
    const all = app.rooms.all();
    const listed = q.missingModerators ? await summarise(all) : all.map((room) => fromIndex(room, null));
    all.forEach((room, i) => {
      states.set(room.roomId, room);
      summaries.set(room.roomId, listed[i]!);
    });
  } else {
    const joined = new Set(botRooms);
    for (const row of adminRows) if (joined.has(row.room_id)) summaries.set(row.room_id, { ...fromAdminRow(row), botJoined: true });
  }
  const scope = q.scope === "server" && admin ? "server" : "joined";
  if (scope === "server") {
    for (const row of adminRows) if (!summaries.has(row.room_id)) summaries.set(row.room_id, fromAdminRow(row));
  }
  const filtered = [...summaries.values()].filter((r) => matches(r, q)).sort(compare(q));
  let page = filtered.slice(q.offset, q.offset + q.limit);
  const undetailed = page.filter((r) => r.botJoined && r.moderatorCoverage === null).map((r) => r.roomId);
  if (undetailed.length) {
    const unknown = undetailed.filter((id) => !states.has(id));
    if (unknown.length) for (const [id, room] of await app.rooms.detail(unknown)) states.set(id, room);
    const detailed = new Map((await summarise(undetailed.flatMap((id) => states.get(id) ?? []))).map((r) => [r.roomId, r] as const));
    page = page.map((r) => detailed.get(r.roomId) ?? r);
  }
  await app.bridgeHealth?.addToPage(app, page);
  return { total: filtered.length, offset: q.offset, limit: q.limit, rooms: page, scope, serverScopeAvailable: admin };
}
