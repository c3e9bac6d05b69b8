import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { RoomState } from "../../kernel/matrix/room-state.ts";
import { powerLevelFromState } from "../../kernel/matrix/power-levels.ts";
import { isServerAdmin, joinedRoomsOf, membershipsOf } from "../../kernel/matrix/admin.ts";
import { membershipsIn, type RoomMemberships } from "../../kernel/matrix/room-memberships.ts";
import type { Moderator } from "./plan-room-creation.ts";

/**
 * Moderator coverage has one source of truth, here: the directory's badge and the Access check both
 * read it, so a room cannot be "moderators missing" in one and fine in the other.
 */
export type Coverage = { missing: string[]; invited: string[]; belowLevel: string[] };

/**
 * What the bot knows of each moderator's rooms before reading any room: an admin bot learns every
 * moderator's memberships in one call per moderator (joined, and pending invites where the
 * homeserver lists them; `invited` null when it does not). Null for a bot that is not a server admin.
 */
export type ModeratorRooms = { joined: Map<string, Set<string>>; invited: Map<string, Set<string>> | null } | null;

/** Moderators joined or invited in one room. */
export type Presence = { joined: Set<string>; invited: Set<string> };

/** Reads some people's memberships in some rooms at once (the Matrix adapter's `membershipsIn`). */
export type MembershipReader = (roomIds: string[], userIds: string[]) => Promise<RoomMemberships>;

/**
 * Pure: which moderators are missing (neither joined nor invited), which have a pending invite, and
 * which are joined but hold less than their moderator level. Both screens give it the presence they read.
 */
export function moderatorCoverage(room: RoomState, moderators: Moderator[], presence: Presence): Coverage {
  const coverage: Coverage = { missing: [], invited: [], belowLevel: [] };
  for (const m of moderators) {
    if (!presence.joined.has(m.userId)) (presence.invited.has(m.userId) ? coverage.invited : coverage.missing).push(m.userId);
    else if (room.create && powerLevelFromState(m.userId, room.create, room.powerLevels, room.creator ?? undefined) < m.level) coverage.belowLevel.push(m.userId);
  }
  return coverage;
}

/** Rooms the dashboard does not expect moderators in: the moderator room itself, spaces, and rooms from a template that leaves them out. */
export function coverageApplies(app: AppContext, room: RoomState, moderatorRoomId: string): boolean {
  if (room.roomId === moderatorRoomId || room.isSpace || !room.create) return false;
  const templateId = app.managedRooms.all().get(room.roomId);
  const template = templateId ? app.templates.find(templateId) : undefined;
  return !template || template.body.addModerators;
}

/**
 * What an admin bot knows of the moderators' rooms without reading any room: one memberships call
 * per moderator (joined and invited everywhere), or their joined rooms where the homeserver has no
 * memberships call. Null when the bot is not a server admin.
 */
export async function moderatorRooms(bot: Bot, moderators: Moderator[]): Promise<ModeratorRooms> {
  if (!(await isServerAdmin(bot))) return null;
  const listed = await Promise.all(moderators.map((m) => membershipsOf(bot, m.userId)));
  if (listed.every((l) => l !== null)) {
    const having = (state: string) => new Map(moderators.map((m, i) => [m.userId, new Set([...listed[i]!].filter(([, s]) => s === state).map(([room]) => room))]));
    return { joined: having("join"), invited: having("invite") };
  }
  return { joined: new Map(await Promise.all(moderators.map(async (m) => [m.userId, await joinedRoomsOf(bot, m.userId)] as const))), invited: null };
}

/** Pure: who is joined or invited in a room by what is already known, and whom only the room itself can tell about. */
export function knownPresence(roomId: string, moderators: Moderator[], known: ModeratorRooms): Presence & { ask: string[] } {
  if (!known) return { joined: new Set(), invited: new Set(), ask: moderators.map((m) => m.userId) };
  const joined = new Set(moderators.filter((m) => known.joined.get(m.userId)?.has(roomId)).map((m) => m.userId));
  const others = moderators.map((m) => m.userId).filter((u) => !joined.has(u));
  if (!known.invited) return { joined, invited: new Set(), ask: others };
  return { joined, invited: new Set(others.filter((u) => known.invited!.get(u)?.has(roomId))), ask: [] };
}

/**
 * Who of the moderators is joined or invited in each room (a pending invite counts as present).
 * What is known costs nothing; the rest is read for all the rooms together, one batched read
 * rather than one request per moderator per room.
 */
export async function moderatorPresence(readMemberships: MembershipReader, roomIds: string[], moderators: Moderator[], known: ModeratorRooms): Promise<Map<string, Presence>> {
  const settled = new Map(roomIds.map((id) => [id, knownPresence(id, moderators, known)] as const));
  const unsettled = roomIds.filter((id) => settled.get(id)!.ask.length);
  const askAbout = [...new Set(unsettled.flatMap((id) => settled.get(id)!.ask))];
  const memberships: RoomMemberships = unsettled.length ? await readMemberships(unsettled, askAbout) : new Map();
  const result = new Map<string, Presence>();
  for (const [roomId, { joined, invited, ask }] of settled) {
    for (const u of ask) {
      const membership = memberships.get(roomId)?.get(u);
      if (membership === "join") joined.add(u);
      else if (membership === "invite") invited.add(u);
    }
    result.set(roomId, { joined, invited });
  }
  return result;
}

/** The reader both screens use: the bot's batched membership read. */
export function botMemberships(app: AppContext): MembershipReader {
  return (roomIds, userIds) => membershipsIn(app.bot, roomIds, userIds);
}

/** The coverage of these rooms as both screens show it (rooms coverage does not apply to get none). */
export async function roomsCoverage(app: AppContext, rooms: RoomState[], moderators: Moderator[], known: ModeratorRooms, moderatorRoomId: string): Promise<Map<string, Coverage>> {
  const applies = rooms.filter((room) => coverageApplies(app, room, moderatorRoomId));
  const presence = await moderatorPresence(botMemberships(app), applies.map((r) => r.roomId), moderators, known);
  return new Map(rooms.map((room) => [room.roomId, presence.has(room.roomId) ? moderatorCoverage(room, moderators, presence.get(room.roomId)!) : { missing: [], invited: [], belowLevel: [] }]));
}
