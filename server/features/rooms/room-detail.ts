import type { ActionContext } from "../../kernel/runtime/define-action.ts";
import type { RoomDetail, RoomSummary } from "../../../shared/rooms.ts";
import { powerLevelFromState, shownLevel } from "../../kernel/matrix/power-levels.ts";
import { mayChangePowerLevel, mayKick, botMayInvite } from "./guardrails.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { applyStateEvent, emptyRoomState } from "../../kernel/matrix/room-state.ts";
import { mayChangeModeratorRoom } from "../../kernel/authority/authority.ts";
import { withLevel } from "../../kernel/runtime/moderator-room-change.ts";
import type { Verdict } from "./guardrails.ts";


/** Members with membership and level, the readable power table, and what the moderator and bot may do. */
export async function roomDetail(ctx: ActionContext, roomId: string): Promise<RoomDetail> {
  const { bot, moderators } = ctx.app;
  if (!(await bot.getJoinedRooms()).includes(roomId)) {
    throw ApiError.notFound(`The bot is not in ${roomId}.`, "Invite the bot to the room to manage it from the dashboard.").saying("botNotInRoom", { room: roomId });
  }
  let state, memberEvents, moderatorRoomId;
  try {
    [state, memberEvents, moderatorRoomId] = await Promise.all([
      bot.getRoomState(roomId),
      bot.roomMembers(roomId),
      moderators.roomId(),
    ]);
  } catch (err) {
    throw describeMatrixFailure(err, `reading ${roomId}`);
  }
  const folded = emptyRoomState(roomId);
  for (const event of state) applyStateEvent(folded, event);
  const [modCreate, modPower] = await Promise.all([bot.createEvent(moderatorRoomId), bot.powerLevels(moderatorRoomId)]);
  const create = folded.create ?? {};
  const pl = folded.powerLevels;
  const level = (u: string) => powerLevelFromState(u, create, pl, folded.creator ?? undefined);
  const botLevel = level(bot.userId);
  // In the moderator room Matrix's rules for the viewer decide too (authority rule 2): a lowering
  // of the member to the default shows whether they may touch them at all.
  const moderatorRoomRule = (userId: string): Verdict => {
    if (roomId !== moderatorRoomId) return { ok: true };
    const v = mayChangeModeratorRoom(ctx.actor, { sender: folded.creator ?? "", content: create }, pl, withLevel(pl ?? {}, userId, pl?.users_default ?? 0));
    return v.ok ? v : { ok: false, by: "moderator", reason: `${v.reason} Making someone a moderator or admin is an admin act.` };
  };

  const members = memberEvents
    .filter((e) => e.content.membership !== "leave")
    .map((e) => {
      const facts = {
        actorLevel: ctx.actor.powerLevel,
        targetModeratorRoomLevel: powerLevelFromState(e.state_key, modCreate.content, modPower, modCreate.sender),
        targetRoomLevel: level(e.state_key),
        botLevel,
        powerLevels: pl,
      };
      return {
        userId: e.state_key,
        displayName: e.content.displayname ?? null,
        membership: e.content.membership,
        powerLevel: shownLevel(facts.targetRoomLevel),
        canKick: mayKick(facts),
        canChangeLevel: [mayChangePowerLevel(facts, Math.min(facts.actorLevel, 100)), moderatorRoomRule(e.state_key)].find((v) => !v.ok) ?? { ok: true as const },
        maxLevel: Math.min(facts.actorLevel, botLevel, 100),
      };
    })
    .sort((a, b) => b.powerLevel - a.powerLevel || a.userId.localeCompare(b.userId));

  const summary: RoomSummary = {
    roomId,
    name: folded.name,
    canonicalAlias: folded.canonicalAlias,
    topic: folded.topic,
    members: members.filter((m) => m.membership === "join").length,
    joinRule: folded.joinRule,
    encrypted: folded.encrypted,
    isSpace: folded.isSpace,
    roomVersion: folded.roomVersion,
    spaceParents: [...folded.spaceParents],
    bridge: folded.bridges.values().next().value ?? null,
    bridgeHealth: ctx.app.bridgeHealth?.forRoom(ctx.app, roomId, state) ?? null,
    botJoined: true,
    moderatorCoverage: null,
  };
  return {
    room: summary,
    members,
    powerLevels: {
      users: Object.entries(pl?.users ?? {}).map(([userId, l]) => ({ userId, level: l })).sort((a, b) => b.level - a.level),
      usersDefault: pl?.users_default ?? 0,
      eventsDefault: pl?.events_default ?? 0,
      stateDefault: pl?.state_default ?? 50,
      invite: pl?.invite ?? 0,
      kick: pl?.kick ?? 50,
      ban: pl?.ban ?? 50,
      redact: pl?.redact ?? 50,
      events: Object.entries(pl?.events ?? {}).map(([type, l]) => ({ type, level: l })),
    },
    bot: { level: shownLevel(botLevel), canInvite: botMayInvite(botLevel, pl) },
    you: { level: shownLevel(ctx.actor.powerLevel) },
  };
}
