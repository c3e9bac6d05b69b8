import type { Bot } from "../../kernel/matrix/bot.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { creatorsHaveInfinitePower, powerLevelFromState, type PowerLevelsContent } from "../../kernel/matrix/power-levels.ts";
import { serverNameOf } from "../../../shared/matrix-ids.ts";
import { SetupError } from "./matrix-account.ts";

export type ModeratorRoomResult = { roomId: string; created: boolean; invited: string[]; promoted: string[] };

type Wanted = { ref: string; moderators: string[]; level: number; defaultRoomVersion: string | undefined };

async function lookUp(bot: Bot, ref: string): Promise<string | undefined> {
  try {
    return await bot.resolveRoom(ref);
  } catch (err) {
    if (describeMatrixFailure(err).errcode === "M_NOT_FOUND") return undefined;
    throw err;
  }
}

async function create(bot: Bot, w: Wanted): Promise<string> {
  if (!w.ref.startsWith("#") || serverNameOf(w.ref) !== bot.serverName) {
    throw new SetupError(
      `The moderator room ${w.ref} does not exist, and setup can only create one with an alias on ${bot.serverName}.`,
      `Use an alias such as #moderators:${bot.serverName}, or create the room yourself and invite ${bot.userId}.`,
    );
  }
  const users = Object.fromEntries(w.moderators.map((m) => [m, w.level]));
  // The override replaces the whole `users` map: before room version 12 the creator must be kept in it,
  // from 12 on it must not appear there.
  if (!creatorsHaveInfinitePower(w.defaultRoomVersion)) users[bot.userId] = 100;
  return bot.createRoom({
    preset: "private_chat",
    name: "Moderators",
    topic: "Moderator coordination (Community Dashboard)",
    room_alias_name: w.ref.slice(1, w.ref.indexOf(":")),
    invite: w.moderators,
    power_level_content_override: { users },
  });
}

async function ensureJoined(bot: Bot, roomId: string, ref: string): Promise<void> {
  if ((await bot.getJoinedRooms()).includes(roomId)) return;
  try {
    await bot.joinRoom(roomId);
  } catch (err) {
    throw new SetupError(
      `The moderator room ${ref} exists but the bot ${bot.userId} is not in it and cannot join (${describeMatrixFailure(err).errcode ?? "refused"}).`,
      `Invite ${bot.userId} to ${ref} from an account in the room, then run setup again.`,
    );
  }
}

/** Invites the moderators not yet in the room and raises those below the level, in one power-levels change. */
async function bringModeratorsIn(bot: Bot, roomId: string, w: Wanted): Promise<Pick<ModeratorRoomResult, "invited" | "promoted">> {
  const state: Array<{ type: string; state_key: string; sender: string; content: any }> = await bot.getRoomState(roomId);
  const membership = (userId: string) => state.find((e) => e.type === "m.room.member" && e.state_key === userId)?.content?.membership;
  const create = state.find((e) => e.type === "m.room.create");
  const powerLevels = (state.find((e) => e.type === "m.room.power_levels")?.content ?? null) as PowerLevelsContent | null;
  const levelOf = (userId: string) => powerLevelFromState(userId, create?.content ?? {}, powerLevels, create?.sender);

  const promoted = w.moderators.filter((m) => levelOf(m) < w.level);
  const invited = w.moderators.filter((m) => !["join", "invite"].includes(membership(m)));
  try {
    if (promoted.length > 0) {
      await bot.updatePowerLevels(roomId, (current) => ({ ...current, users: { ...current.users, ...Object.fromEntries(promoted.map((m) => [m, w.level])) } }));
    }
    for (const m of invited) await bot.inviteUser(m, roomId);
  } catch (err) {
    const failure = describeMatrixFailure(err, `bringing the moderators into ${w.ref}`);
    throw new SetupError(failure.message, `Give ${bot.userId} the power to invite and to change power levels in ${w.ref}, or invite the moderators yourself.`);
  }
  return { invited, promoted };
}

/** Finds (or creates) the moderator room, joins the bot, and brings the moderators in at their level. */
export async function ensureModeratorRoom(bot: Bot, w: Wanted): Promise<ModeratorRoomResult> {
  if (w.moderators.includes(bot.userId)) {
    throw new SetupError(
      `${bot.userId} is listed both as the bot and as a moderator.`,
      "The bot must be a dedicated account: give setup a separate bot account, and list only people as moderators.",
    );
  }
  const existing = await lookUp(bot, w.ref);
  if (existing === undefined) {
    const roomId = await create(bot, w);
    return { roomId, created: true, invited: w.moderators, promoted: [] };
  }
  await ensureJoined(bot, existing, w.ref);
  return { roomId: existing, created: false, ...(await bringModeratorsIn(bot, existing, w)) };
}
