import type { Bot } from "../../kernel/matrix/bot.ts";
import type { Moderator } from "./plan-room-creation.ts";
import { CREATOR_POWER, powerLevelFromState } from "../../kernel/matrix/power-levels.ts";

/**
 * The configured moderators: joined members of the moderator room whose power level there reaches
 * the threshold (the bot itself excluded). Their level in the moderator room is the level they get
 * in managed rooms, capped at 100.
 */
export async function listModerators(bot: Pick<Bot, "userId" | "getJoinedRoomMembers" | "powerLevels" | "createEvent">, moderatorRoomId: string, threshold: number): Promise<Moderator[]> {
  const [members, powerLevels, create] = await Promise.all([
    bot.getJoinedRoomMembers(moderatorRoomId),
    bot.powerLevels(moderatorRoomId),
    bot.createEvent(moderatorRoomId),
  ]);
  return members
    .filter((userId) => userId !== bot.userId)
    .map((userId) => ({ userId, level: powerLevelFromState(userId, create.content, powerLevels, create.sender) }))
    .filter((m) => m.level >= threshold)
    .map((m) => ({ userId: m.userId, level: m.level === CREATOR_POWER ? 100 : Math.min(m.level, 100) }))
    .sort((a, b) => a.userId.localeCompare(b.userId));
}

/** The homeserver's default room version (from /capabilities), used when a template pins none. */
export async function defaultRoomVersion(bot: Pick<Bot, "serverCapabilities">): Promise<string> {
  const capabilities = await bot.serverCapabilities();
  return capabilities["m.room_versions"]?.default ?? "10";
}
