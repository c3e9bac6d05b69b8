import type { ActionContext } from "./define-action.ts";
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

/** Reads the moderator room and judges giving `subject` `level` there as if the actor sent it (rule 2). */
export async function moderatorRoomGrantVerdict(ctx: ActionContext, subject: string, level: number): Promise<RuleVerdict> {
  const { moderators, bot } = ctx.app;
  const [create, before] = await Promise.all([moderators.createEvent(), bot.powerLevels(await moderators.roomId())]);
  return mayChangeModeratorRoom(ctx.actor, create, before, withLevel(before ?? {}, subject, level));
}

export async function requireModeratorRoomGrant(ctx: ActionContext, subject: string, level: number): Promise<void> {
  const verdict = await moderatorRoomGrantVerdict(ctx, subject, level);
  if (!verdict.ok) throw ApiError.forbidden(verdict.reason, "Making someone a moderator or admin is an admin act: ask an admin of the moderator room.").saying("moderatorRoomGrantRefused");
}
