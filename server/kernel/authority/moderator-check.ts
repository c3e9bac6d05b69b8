import type { Bot } from "../matrix/bot.ts";
import { ApiError } from "../errors/api-error.ts";
import { CREATOR_POWER } from "../matrix/power-levels.ts";

export type ModeratorStanding = { userId: string; powerLevel: number; requiredPowerLevel: number; moderatorRoomId: string };

/**
 * The one permission rule for people (widget, commands, API sessions): their power level in the
 * moderator room, read fresh from the homeserver, must reach the configured threshold.
 */
export class ModeratorCheck {
  private readonly bot: Bot;
  private readonly moderatorRoom: string;
  private readonly requiredPowerLevel: number;
  private moderatorRoomId: string | undefined;

  constructor(bot: Bot, moderatorRoom: string, requiredPowerLevel: number) {
    this.bot = bot;
    this.moderatorRoom = moderatorRoom;
    this.requiredPowerLevel = requiredPowerLevel;
  }

  async roomId(): Promise<string> {
    this.moderatorRoomId ??= await this.bot.resolveRoom(this.moderatorRoom);
    return this.moderatorRoomId;
  }

  async standing(userId: string): Promise<ModeratorStanding> {
    const roomId = await this.roomId();
    const powerLevel = await this.bot.powerLevelOf(roomId, userId);
    return { userId, powerLevel, requiredPowerLevel: this.requiredPowerLevel, moderatorRoomId: roomId };
  }

  /** Throws 403 with the reason unless the user is a moderator now. */
  async require(userId: string): Promise<ModeratorStanding> {
    const s = await this.standing(userId);
    if (s.powerLevel < this.requiredPowerLevel) {
      throw ApiError.forbidden(
        `${userId} is not a moderator: power level ${s.powerLevel} in the moderator room, ${this.requiredPowerLevel} needed.`,
        "Ask an admin of the moderator room to raise your power level.",
      );
    }
    return s;
  }
}

export function displayLevel(level: number): number {
  // JSON has no Infinity: a room-v12 creator is shown as 100 plus one, above any assignable level.
  return level === CREATOR_POWER ? 101 : level;
}
