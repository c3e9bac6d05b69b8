import type { CapabilityContext } from "../../kernel/runtime/define-action.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { Store } from "../../kernel/store/db.ts";
import type { BridgeReads } from "./registry.ts";
import type { BridgeInfo } from "../../../shared/rooms.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import type { MautrixBridge } from "./mautrix-bridge.ts";
import type { BridgeRoomFacts } from "./bridge-room.ts";
import { bridgeBotTarget, checkDashboardBotLevel } from "./bridge-power.ts";
import { bridgeErrors } from "./bridge-error.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { requireModeratorRoomGrant, type ModeratorRoomReads } from "../../kernel/runtime/moderator-room-change.ts";
import { said, type Said } from "../../../shared/said.ts";

/** Bridging a room reads the bridge (and through it the room), records the link in our store, and may raise the bridge bot in the moderator room (rule 2). */
export type BridgingCaps = BridgeReads & ModeratorRoomReads & { store: Pick<Store, "db"> };

export const describeBridge = (info: BridgeInfo) =>
  `${info.network ?? info.protocol}${info.channel || info.channelId ? ` chat "${info.channel ?? info.channelId}"` : ""}${info.bridgebot ? ` via ${info.bridgebot}` : ""}`;

/** Facts about a room the dashboard's bot is in; the bridge commands are sent from it. */
export async function roomFacts(ctx: CapabilityContext<{ bot: Pick<Bot, "getJoinedRooms"> }>, bridge: MautrixBridge, roomId: string): Promise<BridgeRoomFacts> {
  if (!(await ctx.caps.bot.getJoinedRooms()).includes(roomId)) {
    throw ApiError.notFound(`The bot is not in ${roomId}.`, "Invite the bot to the room to manage it from the dashboard.").saying("botNotInRoom", { room: roomId });
  }
  return bridge.read(roomId);
}

export function refuseIfBridged(f: BridgeRoomFacts): void {
  if (f.anyBridge) throw bridgeErrors.alreadyBridged(f.roomId, describeBridge(f.anyBridge));
}

export function requireBridged(f: BridgeRoomFacts, bridge: BridgeConfig): BridgeInfo {
  if (!f.ours) throw bridgeErrors.notBridged(bridge, f.roomId);
  return f.ours;
}

export function encryptionWarnings(bridge: BridgeConfig, encrypted: boolean): Said[] {
  if (!encrypted || bridge.encryption) return [];
  const setting = `BRIDGE_${bridge.network.toUpperCase()}_ENCRYPTION`;
  return [
    said(
      "bridges.no-encryption",
      `The room is encrypted and the ${bridge.displayName} bridge has no encryption (${setting}=false): messages will not cross until encryption is enabled in the bridge.`,
      { bridge: bridge.displayName, setting },
    ),
  ];
}

import type { BotPreparation } from "../../../shared/plans.ts";

export type { BotPreparation };

/** What bridging needs from the room's power levels; refuses before anything changes. */
export async function planBridgeBot(ctx: CapabilityContext<ModeratorRoomReads & { bot: Pick<Bot, "userId"> }>, bridge: BridgeConfig, f: BridgeRoomFacts): Promise<BotPreparation> {
  checkDashboardBotLevel(f, bridge, ctx.caps.bot.userId, f.bridgeLevel, "bridging commands (m.bridge)");
  const raiseBridgeBotTo = bridgeBotTarget(f, bridge, ctx.caps.bot.userId);
  // Raising the bridge bot in the moderator room would give it standing there: the actor's own power decides (rule 2).
  if (raiseBridgeBotTo !== null && f.roomId === (await ctx.caps.moderators.roomId())) await requireModeratorRoomGrant(ctx, bridge.botUserId, raiseBridgeBotTo);
  return { inviteBridgeBot: f.bridgeBotMembership !== "join", raiseBridgeBotTo };
}

export function botSteps(bridge: BridgeConfig, p: BotPreparation): Said[] {
  const bot = bridge.botUserId;
  return [
    ...(p.inviteBridgeBot ? [said("bridges.step.invite-bot", `Invite ${bot} and wait for it to join`, { bot })] : []),
    ...(p.raiseBridgeBotTo !== null ? [said("bridges.step.raise-bot", `Raise ${bot} to power level ${p.raiseBridgeBotTo} (it writes m.bridge)`, { bot, level: p.raiseBridgeBotTo })] : []),
  ];
}

/** Performs the preparation; repeating it is harmless (join and level are checked first). */
export async function prepareBridgeBot(bridge: MautrixBridge, roomId: string, p: BotPreparation): Promise<void> {
  await bridge.bringBotIn(roomId);
  if (p.raiseBridgeBotTo !== null && (await bridge.read(roomId)).bridgeBotLevel < p.raiseBridgeBotTo) await bridge.raiseBot(roomId, p.raiseBridgeBotTo);
}
