import type { ActionContext, CapabilityContext } from "./define-action.ts";
import type { Bot } from "../matrix/bot.ts";
import type { ModeratorCheck } from "../authority/moderator-check.ts";
import type { PowerLevelsContent } from "../matrix/power-levels.ts";
import { ApiError } from "../errors/api-error.ts";
import { mayChangeModeratorRoom } from "../authority/authority.ts";
import type { RuleVerdict } from "../authority/matrix-power-rules.ts";

/** The whole power-levels content with one entry changed; everyone else's stays as it was. */
export function withLevel(current: PowerLevelsContent, user: string, level: number): PowerLevelsContent {
  const users = { ...(current.users ?? {}) };
  if (level === (current.users_default ?? 0)) delete users[user];
  else users[user] = level;
  return { ...current, users };
}

/** What judging a moderator-room grant reads: that room's creation and power levels. */
export type ModeratorRoomReads = { moderators: Pick<ModeratorCheck, "createEvent" | "roomId">; bot: Pick<Bot, "powerLevels"> };

/** A narrowed action passes its capabilities; one not narrowed yet still passes the whole app. */
type GrantContext = CapabilityContext<ModeratorRoomReads> | ActionContext;

/** Reads the moderator room and judges giving `subject` `level` there as if the actor sent it (rule 2). */
export async function moderatorRoomGrantVerdict(ctx: GrantContext, subject: string, level: number): Promise<RuleVerdict> {
  const { moderators, bot } = "caps" in ctx ? ctx.caps : ctx.app;
  const [create, before] = await Promise.all([moderators.createEvent(), bot.powerLevels(await moderators.roomId())]);
  return mayChangeModeratorRoom(ctx.actor, create, before, withLevel(before ?? {}, subject, level));
}

export async function requireModeratorRoomGrant(ctx: GrantContext, subject: string, level: number): Promise<void> {
  const verdict = await moderatorRoomGrantVerdict(ctx, subject, level);
  if (!verdict.ok) throw ApiError.forbidden(verdict.reason, "Making someone a moderator or admin is an admin act: ask an admin of the moderator room.").saying("moderatorRoomGrantRefused");
}
