import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { RoomState } from "../../kernel/matrix/room-state.ts";
import { powerLevelFromState } from "../../kernel/matrix/power-levels.ts";
import type { Moderator } from "./plan-room-creation.ts";

/**
 * Moderator coverage has one source of truth, here: the directory's badge and the Access check both
 * read it, so a room cannot be "moderators missing" in one and fine in the other.
 */
export type Coverage = { missing: string[]; invited: string[]; belowLevel: string[] };

/** Each moderator's joined rooms (an admin bot learns them in one call per moderator); null otherwise. */
export type JoinedByModerator = Map<string, Set<string>> | null;

/** Moderators joined or invited in one room; null when the bot cannot know. */
export type Presence = { joined: Set<string>; invited: Set<string> } | null;

/**
 * Pure: which moderators are missing (neither joined nor invited; only when membership is known),
 * which have a pending invite, and which are present but hold less than their moderator level.
 */
export function moderatorCoverage(room: RoomState, moderators: Moderator[], membership: JoinedByModerator, invited: Set<string> = new Set()): Coverage {
  const coverage: Coverage = { missing: [], invited: [], belowLevel: [] };
  for (const m of moderators) {
    if (membership && !membership.get(m.userId)?.has(room.roomId)) {
      if (invited.has(m.userId)) coverage.invited.push(m.userId);
      else coverage.missing.push(m.userId);
    } else if (room.create && powerLevelFromState(m.userId, room.create, room.powerLevels, room.creator ?? undefined) < m.level) coverage.belowLevel.push(m.userId);
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
 * Who of the moderators is joined or invited in a room. Moderators already known to be joined cost
 * nothing; the others are read from the room's member state (a pending invite counts as present).
 */
export async function moderatorPresence(app: AppContext, roomId: string, moderators: Moderator[], joinedByModerator: JoinedByModerator): Promise<{ joined: Set<string>; invited: Set<string> }> {
  const joined = new Set(joinedByModerator ? moderators.filter((m) => joinedByModerator.get(m.userId)?.has(roomId)).map((m) => m.userId) : []);
  const ask = moderators.map((m) => m.userId).filter((u) => !joined.has(u));
  const memberships = await Promise.all(ask.map((u) => app.bot.membershipOf(roomId, u)));
  const invited = new Set<string>();
  ask.forEach((u, i) => {
    if (memberships[i] === "join") joined.add(u);
    else if (memberships[i] === "invite") invited.add(u);
  });
  return { joined, invited };
}

/** The coverage of one room as both screens show it: membership read as the Access check reads it. */
export async function roomCoverage(app: AppContext, room: RoomState, moderators: Moderator[], joinedByModerator: JoinedByModerator): Promise<Coverage> {
  const presence = await moderatorPresence(app, room.roomId, moderators, joinedByModerator);
  const joined = new Map(moderators.map((m) => [m.userId, presence.joined.has(m.userId) ? new Set([room.roomId]) : new Set<string>()]));
  return moderatorCoverage(room, moderators, joined, presence.invited);
}
