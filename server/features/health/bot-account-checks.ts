import type { CheckResult } from "../../../shared/health.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { CREATOR_POWER } from "../../kernel/matrix/power-levels.ts";

type Check = Omit<CheckResult, "id" | "title" | "required">;

const DAY_MS = 24 * 60 * 60_000;
/** A bot may sit in many rooms, but mostly with power there; this many rooms as a plain member looks like a person. */
export const PERSON_LIKE_MEMBER_ROOMS = 20;
const ROOMS_EXAMINED = 100;
const HUMAN_CLIENT = /element|firefox|chrome|chromium|safari|edge|android|iphone|ipad|ios|fluffychat|nheko|cinny|schildi|fractal|thunderbird/i;

export function checkTokenAge(issuedAt: string | undefined, maxAgeDays: number, now = Date.now()): Check {
  if (!issuedAt) {
    return { status: "skipped", code: "tokenAgeUnknown", summary: "Not checked: the token's issue time is not recorded (MATRIX_ACCESS_TOKEN_ISSUED_AT, written by `npm run setup` and `npm run rotate-token`)." };
  }
  const days = Math.floor((now - Date.parse(issuedAt)) / DAY_MS);
  if (days > maxAgeDays) {
    return {
      status: "warn",
      summary: `The bot's access token is ${days} days old (older than ${maxAgeDays}).`,
      code: "tokenAgeOld",
      params: { count: days, max: maxAgeDays },
      cause: "A token that never changes stays useful to anyone who ever copied it (old backups, logs, a previous host).",
      fix: "Run `npm run rotate-token`: it signs the bot in again, switches the running server over and logs the old token out.",
    };
  }
  return { status: "ok", code: "tokenAgeOk", params: { count: days, max: maxAgeDays }, summary: `Issued ${days} day${days === 1 ? "" : "s"} ago; rotate within ${maxAgeDays} days (\`npm run rotate-token\`).` };
}

async function humanDevices(bot: Bot): Promise<string[]> {
  const devices = await bot.devices();
  return devices.map((d) => d.display_name ?? "").filter((name) => HUMAN_CLIENT.test(name));
}

async function roomsAsPlainMember(bot: Bot, moderatorPowerLevel: number): Promise<number> {
  const joined = await bot.getJoinedRooms();
  if (joined.length < PERSON_LIKE_MEMBER_ROOMS) return 0;
  let plain = 0;
  for (const roomId of joined.slice(0, ROOMS_EXAMINED)) {
    const level = await bot.powerLevelOf(roomId, bot.userId).catch(() => CREATOR_POWER);
    if (level < moderatorPowerLevel) plain++;
  }
  return plain;
}

/** People write m.text; bots conventionally send m.notice. */
async function chatsInModeratorRoom(bot: Bot, roomId: string): Promise<boolean> {
  const chunk = await bot.recentEvents(roomId, { limit: 50, filter: { senders: [bot.userId], types: ["m.room.message"] } });
  return chunk.some((e) => e.sender === bot.userId && e.content?.msgtype === "m.text");
}

/** The seed's security advice: the bot must be an account of its own, not a moderator's or anyone's. */
export async function checkDedicatedBot(bot: Bot, o: { moderatorRoomId: string | undefined; moderatorPowerLevel: number }): Promise<Check> {
  const signs: string[] = [];
  const devices = await humanDevices(bot);
  if (devices.length) signs.push(`it is signed in from ${devices.slice(0, 3).map((d) => `"${d}"`).join(", ")}`);
  const plain = await roomsAsPlainMember(bot, o.moderatorPowerLevel);
  if (plain >= PERSON_LIKE_MEMBER_ROOMS) signs.push(`it is a regular member (no moderator power) of ${plain} rooms`);
  if (o.moderatorRoomId && (await chatsInModeratorRoom(bot, o.moderatorRoomId))) {
    signs.push("it writes chat messages in the moderator room like a moderator (bots send notices)");
  }
  if (signs.length === 0) return { status: "ok", summary: `${bot.userId} looks like a dedicated bot account.`, code: "dedicatedOk", params: { user: bot.userId } };
  return {
    status: "warn",
    summary: `${bot.userId} looks like a person's account: ${signs.join("; ")}.`,
    code: "dedicatedPerson",
    params: { user: bot.userId },
    cause: "With a person's (or a moderator's) account as the bot, the dashboard's actions mix with theirs in every room and audit trail, and its token opens their private conversations.",
    fix: "Create a dedicated bot account (`npm run setup -- --register` creates one) and put it in MATRIX_USER_ID and MATRIX_ACCESS_TOKEN.",
  };
}
