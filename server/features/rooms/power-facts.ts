import type { ActionContext } from "../../kernel/runtime/define-action.ts";
import type { PowerFacts } from "./guardrails.ts";
import { powerLevelFromState } from "../../kernel/matrix/power-levels.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";

/** Reads, fresh from the homeserver, the levels a guardrail decision needs. */
export async function powerFacts(ctx: ActionContext, roomId: string, targetUserId: string): Promise<PowerFacts> {
  const { bot, moderators } = ctx.app;
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
