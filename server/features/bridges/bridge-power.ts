import { CREATOR_POWER } from "../../kernel/matrix/power-levels.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import type { BridgeRoomFacts } from "./bridge-room.ts";
import { bridgeErrors } from "./bridge-error.ts";

/** mautrix asks for the bridge bot at 100 in plumbed rooms: it writes m.bridge and manages puppets. */
export const PLUMBED_BRIDGE_BOT_LEVEL = 100;

const showLevel = (level: number) => (level === CREATOR_POWER ? "creator (unlimited)" : String(level));

/**
 * The dashboard's bot sends the bridge's commands, and bridgev2 only takes them from a sender at the
 * level the room asks for (m.bridge for bridging, fi.mau.bridge.set_relay for relay).
 */
export function checkDashboardBotLevel(f: BridgeRoomFacts, bridge: BridgeConfig, dashboardBot: string, needed: number, what: string): void {
  if (f.dashboardBotLevel >= needed) return;
  throw bridgeErrors.powerLevel(
    `The dashboard bot ${dashboardBot} has power level ${showLevel(f.dashboardBotLevel)} in ${f.roomId}; ${bridge.displayName} ${what} needs ${needed}.`,
    `Raise ${dashboardBot} to at least ${needed} in the room (Room settings → Roles & Permissions; 100 recommended), then retry.`,
    ["bridgeDashboardBotLevel", { bot: dashboardBot, level: showLevel(f.dashboardBotLevel), room: f.roomId, bridge: bridge.displayName, needed }],
  );
}

/**
 * The level to give the bridge bot (100, or as high as the dashboard bot may grant), null when it
 * already has it. Refuses when the bridge bot would stay below the m.bridge level.
 */
export function bridgeBotTarget(f: BridgeRoomFacts, bridge: BridgeConfig, dashboardBot: string): number | null {
  if (f.bridgeBotLevel >= PLUMBED_BRIDGE_BOT_LEVEL) return null;
  const mayChangeLevels = f.dashboardBotLevel >= f.powerLevelsLevel && f.bridgeBotLevel < f.dashboardBotLevel;
  const reachable = mayChangeLevels ? Math.min(PLUMBED_BRIDGE_BOT_LEVEL, f.dashboardBotLevel) : f.bridgeBotLevel;
  if (reachable < f.bridgeLevel) {
    const why =
      f.dashboardBotLevel < f.powerLevelsLevel
        ? `changing power levels needs ${f.powerLevelsLevel} and ${dashboardBot} has ${showLevel(f.dashboardBotLevel)}`
        : `${dashboardBot} can grant at most its own level (${showLevel(f.dashboardBotLevel)})`;
    throw bridgeErrors.powerLevel(
      `The bridge bot ${bridge.botUserId} has power level ${showLevel(f.bridgeBotLevel)} in ${f.roomId} and needs ${f.bridgeLevel} for m.bridge; the dashboard cannot raise it (${why}).`,
      `Raise ${bridge.botUserId} to ${PLUMBED_BRIDGE_BOT_LEVEL} in the room yourself, or let ${dashboardBot} change power levels there.`,
      ["bridgeBotLevelUnreachable", { bridgeBot: bridge.botUserId, level: showLevel(f.bridgeBotLevel), room: f.roomId, needed: f.bridgeLevel, bot: dashboardBot, target: PLUMBED_BRIDGE_BOT_LEVEL }],
    );
  }
  return reachable > f.bridgeBotLevel ? reachable : null;
}
