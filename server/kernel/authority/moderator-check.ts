import type { Bot } from "../matrix/bot.ts";
import { powerLevelFromState, shownLevel, type CreateContent } from "../matrix/power-levels.ts";
import type { ApiTokenInfo } from "../../../shared/api-tokens.ts";
import { refuseWithoutStanding, requireTokenStanding, standingFrom, tokenStanding, type Standing, type Thresholds, type TokenStanding } from "./authority.ts";

export type ModeratorStanding = Standing;

/**
 * Reads standing from the moderator room for the rules in authority.ts: membership and power
 * levels fresh on every call (one parallel round trip), the create event once (it never changes).
 */
export class ModeratorCheck {
  private readonly bot: Bot;
  private readonly moderatorRoom: string;
  readonly thresholds: Thresholds;
  private moderatorRoomId: string | undefined;
  private create: Promise<{ sender: string; content: CreateContent }> | undefined;

  constructor(bot: Bot, moderatorRoom: string, thresholds: Thresholds) {
    this.bot = bot;
    this.moderatorRoom = moderatorRoom;
    this.thresholds = thresholds;
  }

  async roomId(): Promise<string> {
    this.moderatorRoomId ??= await this.bot.resolveRoom(this.moderatorRoom);
    return this.moderatorRoomId;
  }

  /** The moderator room's m.room.create event (its version and creators), read once. */
  async createEvent(): Promise<{ sender: string; content: CreateContent }> {
    const roomId = await this.roomId();
    this.create ??= this.bot.createEvent(roomId).catch((err) => {
      this.create = undefined;
      throw err;
    });
    return this.create;
  }

  async standing(userId: string): Promise<ModeratorStanding> {
    const roomId = await this.roomId();
    const [create, powerLevels, membership] = await Promise.all([this.createEvent(), this.bot.powerLevels(roomId), this.bot.membershipOf(roomId, userId)]);
    const powerLevel = powerLevelFromState(userId, create.content, powerLevels, create.sender);
    return standingFrom({ userId, membership, powerLevel, moderatorRoomId: roomId }, this.thresholds);
  }

  /** Throws 403 with the reason unless the user stands as a moderator now (joined and at the level). */
  async require(userId: string): Promise<ModeratorStanding> {
    return refuseWithoutStanding(await this.standing(userId));
  }

  /** The level an API token acts with now; throws 403 naming why when its creator lost standing. */
  async requireToken(token: ApiTokenInfo): Promise<number> {
    return requireTokenStanding(token, await this.standing(token.createdBy));
  }

  /** Each token's standing now, for the Automation screen (one read per distinct creator). */
  async tokenStandings(tokens: ApiTokenInfo[]): Promise<Map<string, TokenStanding>> {
    const creators = new Map<string, Promise<Standing>>();
    for (const t of tokens) if (!creators.has(t.createdBy)) creators.set(t.createdBy, this.standing(t.createdBy));
    const out = new Map<string, TokenStanding>();
    for (const t of tokens) out.set(t.id, tokenStanding(t, await creators.get(t.createdBy)!));
    return out;
  }
}

/** The level shown for a person's standing (see shownLevel). */
export const displayLevel = shownLevel;
