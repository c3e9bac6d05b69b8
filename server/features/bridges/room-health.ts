import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { BridgeHealth, RoomSummary } from "../../../shared/rooms.ts";
import type { StateEvent } from "../../kernel/matrix/room-state.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { bridgeRoomFacts, isOurs, type BridgeRoomFacts } from "./bridge-room.ts";
import { bridgeHealth } from "./health.ts";
import { BridgeLinks } from "./bridge-links.ts";
import { powerLevelFromState, requiredForStateEvent } from "../../kernel/matrix/power-levels.ts";

function fromFacts(app: AppContext, b: BridgeConfig, f: BridgeRoomFacts): BridgeHealth {
  return bridgeHealth({
    bridge: b,
    ours: f.ours,
    encrypted: f.state.encrypted,
    bridgeBotLevel: f.bridgeBotLevel,
    bridgeLevel: f.bridgeLevel,
    bridgeBotMembership: f.bridgeBotMembership,
    joinedMembers: [...f.memberships].filter(([, m]) => m === "join").map(([u]) => u),
    relay: new BridgeLinks(app.store.db).relayOf(f.roomId, b.network),
  });
}

/**
 * For the room detail, from its full state: the configured bridge that is involved in the room,
 * else the first configured one (status "off", so the screen can offer to bridge).
 */
export function detailBridgeHealth(app: AppContext, roomId: string, state: StateEvent[]): BridgeHealth | null {
  const all = app.config.bridges.map((b) => ({ b, f: bridgeRoomFacts(b, app.bot.userId, roomId, state) }));
  const involved = (m: string | null) => m === "join" || m === "invite";
  const chosen = all.find((c) => c.f.ours) ?? all.find((c) => involved(c.f.bridgeBotMembership)) ?? all[0];
  return chosen ? fromFacts(app, chosen.b, chosen.f) : null;
}

async function summaryHealth(app: AppContext, summary: RoomSummary): Promise<BridgeHealth | null> {
  const room = app.rooms.get(summary.roomId);
  if (!room) return null;
  for (const b of app.config.bridges) {
    const ours = [...room.bridges.values()].find((info) => isOurs(b, info));
    if (!ours) continue;
    const joined = await app.bot.getJoinedRoomMembers(room.roomId);
    return bridgeHealth({
      bridge: b,
      ours,
      encrypted: room.encrypted,
      bridgeBotLevel: powerLevelFromState(b.botUserId, room.create ?? {}, room.powerLevels, room.creator ?? undefined),
      bridgeLevel: requiredForStateEvent(room.powerLevels, "m.bridge"),
      bridgeBotMembership: joined.includes(b.botUserId) ? "join" : await app.bot.membershipOf(room.roomId, b.botUserId),
      joinedMembers: joined,
      relay: new BridgeLinks(app.store.db).relayOf(room.roomId, b.network),
    });
  }
  return null;
}

/** Adds bridge health to one page of the directory: only bridged rooms cost a members request. */
export async function addBridgeHealth(app: AppContext, page: RoomSummary[]): Promise<void> {
  if (!app.config.bridges.length) return;
  await Promise.all(
    page.map(async (summary) => {
      // A room that cannot be read just shows no health; the directory must still list it.
      summary.bridgeHealth = await summaryHealth(app, summary).catch(() => null);
    }),
  );
}
