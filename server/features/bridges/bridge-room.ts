import type { Bot } from "../../kernel/matrix/bot.ts";
import type { BridgeInfo } from "../../../shared/rooms.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { applyStateEvent, emptyRoomState, type RoomState, type StateEvent } from "../../kernel/matrix/room-state.ts";
import { powerLevelFromState, requiredForStateEvent } from "../../kernel/matrix/power-levels.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";

/** mautrix bridgev2 checks this pseudo event type's level before `set-relay` / `unset-relay`. */
const SET_RELAY_EVENT = "fi.mau.bridge.set_relay";

/** What a bridge action needs to know about a room, read fresh from the homeserver. */
export type BridgeRoomFacts = {
  roomId: string;
  state: RoomState;
  /** This bridge's `m.bridge` in the room, if it is bridged through it. */
  ours: BridgeInfo | null;
  /** Any bridge at all (this one or another, e.g. hookshot). */
  anyBridge: BridgeInfo | null;
  memberships: Map<string, string>;
  dashboardBotLevel: number;
  bridgeBotLevel: number;
  bridgeBotMembership: string | null;
  /** Levels the room asks for: sending m.bridge, changing power levels, managing relay. */
  bridgeLevel: number;
  powerLevelsLevel: number;
  relayLevel: number;
};

export function isOurs(bridge: BridgeConfig, info: BridgeInfo): boolean {
  return info.bridgebot === bridge.botUserId || (info.bridgebot === null && info.protocol === bridge.network);
}

/** Folds a room's full state (plus its member events) into the facts; pure. */
export function bridgeRoomFacts(bridge: BridgeConfig, dashboardBot: string, roomId: string, events: StateEvent[]): BridgeRoomFacts {
  const state = emptyRoomState(roomId);
  const memberships = new Map<string, string>();
  for (const e of events) {
    applyStateEvent(state, e);
    if (e.type === "m.room.member" && e.state_key) memberships.set(e.state_key, String(e.content?.membership ?? "leave"));
  }
  const bridges = [...state.bridges.values()];
  const level = (u: string) => powerLevelFromState(u, state.create ?? {}, state.powerLevels, state.creator ?? undefined);
  return {
    roomId,
    state,
    ours: bridges.find((b) => isOurs(bridge, b)) ?? null,
    anyBridge: bridges[0] ?? null,
    memberships,
    dashboardBotLevel: level(dashboardBot),
    bridgeBotLevel: level(bridge.botUserId),
    bridgeBotMembership: memberships.get(bridge.botUserId) ?? null,
    bridgeLevel: requiredForStateEvent(state.powerLevels, "m.bridge"),
    powerLevelsLevel: requiredForStateEvent(state.powerLevels, "m.room.power_levels"),
    relayLevel: requiredForStateEvent(state.powerLevels, SET_RELAY_EVENT),
  };
}

export async function readBridgeRoom(bot: Bot, bridge: BridgeConfig, roomId: string): Promise<BridgeRoomFacts> {
  try {
    return bridgeRoomFacts(bridge, bot.userId, roomId, await bot.getRoomState(roomId));
  } catch (err) {
    throw describeMatrixFailure(err, `reading ${roomId}`);
  }
}
