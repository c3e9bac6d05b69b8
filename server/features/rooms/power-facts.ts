import type { Actor } from "../../kernel/runtime/define-action.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { ModeratorCheck } from "../../kernel/authority/moderator-check.ts";
import type { PowerFacts } from "./guardrails.ts";
import { powerLevelFromState } from "../../kernel/matrix/power-levels.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";

/** What `powerFacts` reads: the room's levels and the target's standing in the moderator room. */
export type PowerFactsCaps = {
  bot: Pick<Bot, "userId" | "createEvent" | "powerLevels" | "powerLevelOf">;
  moderators: Pick<ModeratorCheck, "roomId">;
};

/** Reads, fresh from the homeserver, the levels a guardrail decision needs. */
export async function powerFacts(ctx: { caps: PowerFactsCaps; actor: Actor }, roomId: string, targetUserId: string): Promise<PowerFacts> {
  const { bot, moderators } = ctx.caps;
  try {
    const moderatorRoomId = await moderators.roomId();
    const [create, powerLevels, targetModeratorRoomLevel] = await Promise.all([
      bot.createEvent(roomId),
      bot.powerLevels(roomId),
      bot.powerLevelOf(moderatorRoomId, targetUserId),
    ]);
    return {
      actorLevel: ctx.actor.powerLevel,
      targetModeratorRoomLevel,
      targetRoomLevel: powerLevelFromState(targetUserId, create.content, powerLevels, create.sender),
      botLevel: powerLevelFromState(bot.userId, create.content, powerLevels, create.sender),
      powerLevels,
    };
  } catch (err) {
    throw describeMatrixFailure(err, `reading power levels of ${roomId}`);
  }
}
