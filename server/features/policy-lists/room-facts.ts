import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { RoomFacts, ServerAcl, PlanContext } from "./enforcement-plan.ts";
import { powerLevelFromState, requiredForStateEvent } from "../../kernel/matrix/power-levels.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { isPuppet } from "../../kernel/config/bridge-config.ts";
import { said } from "../../../shared/said.ts";
import { listRooms, readListSettings } from "./list-settings.ts";

/** Rooms read at once; enough to be quick, few enough not to crowd the homeserver. */
const PARALLEL = 4;

/** The rooms enforcement reaches: every room the bot is in, except spaces and the policy rooms themselves. */
export async function managedRoomIds(app: AppContext): Promise<string[]> {
  await app.rooms.refresh();
  const policyRooms = new Set(listRooms(readListSettings(app.store.db)));
  return app.rooms
    .all()
    .filter((r) => !r.isSpace && !policyRooms.has(r.roomId))
    .map((r) => r.roomId)
    .sort();
}

async function factsOf(app: AppContext, roomId: string): Promise<RoomFacts> {
  const { bot } = app;
  try {
    const [create, powerLevels, members, acl] = await Promise.all([
      bot.createEvent(roomId),
      bot.powerLevels(roomId),
      bot.roomMembers(roomId, { notMembership: "leave" }),
      bot.stateContent<ServerAcl>(roomId, "m.room.server_acl"),
    ]);
    const botLevel = powerLevelFromState(bot.userId, create.content, powerLevels, create.sender);
    const banLevel = powerLevels?.ban ?? 50;
    const aclLevel = requiredForStateEvent(powerLevels, "m.room.server_acl");
    return {
      roomId,
      members: members.map((e) => ({ userId: e.state_key, membership: e.content.membership ?? "leave" })),
      acl,
      cannotBan: botLevel < banLevel ? said("banlist.cannot-ban", `the bot cannot ban here (level ${botLevel}, ${banLevel} needed)`, { level: botLevel, needed: banLevel }) : null,
      cannotAcl: botLevel < aclLevel ? said("banlist.cannot-acl", `the bot cannot change the server ACL here (level ${botLevel}, ${aclLevel} needed)`, { level: botLevel, needed: aclLevel }) : null,
    };
  } catch (err) {
    throw describeMatrixFailure(err, `reading members of ${roomId}`);
  }
}

export async function readRoomFacts(app: AppContext, roomIds: string[]): Promise<RoomFacts[]> {
  const out: RoomFacts[] = new Array(roomIds.length);
  let next = 0;
  const worker = async () => {
    while (next < roomIds.length) {
      const i = next++;
      out[i] = await factsOf(app, roomIds[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, roomIds.length) }, worker));
  return out;
}

/** Who a rule never bans: the dashboard's bot, the bridges' bots and puppets (BRIDGE_* config). */
export function planContext(app: AppContext): PlanContext {
  const { bot, config } = app;
  return {
    ownServer: bot.serverName,
    protectedUser(userId) {
      if (userId === bot.userId) return said("banlist.protected-bot", "the dashboard's bot");
      const bridge = config.bridges.find((b) => b.botUserId === userId || isPuppet(b, userId));
      if (bridge) {
        return bridge.botUserId === userId
          ? said("banlist.protected-bridge-bot", `the ${bridge.displayName} bridge's bot`, { bridge: bridge.displayName })
          : said("banlist.protected-puppet", `a ${bridge.displayName} bridge puppet`, { bridge: bridge.displayName });
      }
      return null;
    },
  };
}
