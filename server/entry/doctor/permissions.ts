import type { Bot } from "../../kernel/matrix/bot.ts";
import { isServerAdmin } from "../../kernel/matrix/admin.ts";
import { CREATOR_POWER, powerLevelFromState } from "../../kernel/matrix/power-levels.ts";

export type PermissionsReport = {
  serverAdmin: boolean;
  adminNeededBy: string[];
  verdict: "ok" | "excess" | "missing";
  rooms: Array<{ roomId: string; name: string | null; botLevel: number | "creator"; needed: number; canModerate: boolean }>;
  summary: string[];
};

/** What the enabled features need from the homeserver account, for the least-privilege report. */
export type FeatureNeeds = { accountSync: boolean };

/**
 * `doctor --permissions`: what the bot can do (server admin, its level in each room) against what
 * the enabled features need, flagging both gaps and excess.
 */
export async function permissionsReport(bot: Bot, needs: FeatureNeeds): Promise<PermissionsReport> {
  const serverAdmin = await isServerAdmin(bot);
  const adminNeededBy = needs.accountSync ? ["Authentik account sync (creating and deactivating Matrix accounts)"] : [];
  const verdict = serverAdmin && !adminNeededBy.length ? "excess" : !serverAdmin && adminNeededBy.length ? "missing" : "ok";
  const rooms: PermissionsReport["rooms"] = [];
  for (const roomId of await bot.getJoinedRooms()) {
    const [create, pl, name] = await Promise.all([
      bot.createEvent(roomId),
      bot.powerLevels(roomId),
      bot.getRoomStateEvent(roomId, "m.room.name", "").then((e: { name?: string }) => e.name ?? null, () => null),
    ]);
    const level = powerLevelFromState(bot.userId, create.content, pl, create.sender);
    const needed = Math.max(pl?.kick ?? 50, pl?.ban ?? 50, pl?.invite ?? 0, pl?.events?.["m.room.power_levels"] ?? pl?.state_default ?? 50);
    rooms.push({ roomId, name, botLevel: level === CREATOR_POWER ? "creator" : level, needed, canModerate: level >= needed });
  }
  const below = rooms.filter((r) => !r.canModerate);
  const summary = [
    verdict === "excess"
      ? "The bot is a server admin, but no enabled feature needs it: remove the admin flag (the room directory then lists only the bot's rooms)."
      : verdict === "missing"
        ? `The bot is not a server admin, but ${adminNeededBy.join(", ")} needs it.`
        : serverAdmin
          ? `The bot is a server admin, needed by ${adminNeededBy.join(", ")}.`
          : "The bot is not a server admin, and no enabled feature needs it.",
    below.length
      ? `The bot cannot moderate ${below.length} of ${rooms.length} rooms (its level is below kick/ban/power changes there): ${below.slice(0, 5).map((r) => r.name ?? r.roomId).join(", ")}${below.length > 5 ? "…" : ""}.`
      : `The bot can moderate all ${rooms.length} rooms it is in.`,
  ];
  return { serverAdmin, adminNeededBy, verdict, rooms, summary };
}
