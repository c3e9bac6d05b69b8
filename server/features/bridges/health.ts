import type { BridgeHealth, BridgeInfo } from "../../../shared/rooms.ts";
import { shownLevel } from "../../kernel/matrix/power-levels.ts";
import { isPuppet, type BridgeConfig } from "../../kernel/config/bridge-config.ts";

export type HealthInput = {
  bridge: BridgeConfig;
  /** This bridge's m.bridge in the room, null when not bridged by it. */
  ours: BridgeInfo | null;
  encrypted: boolean;
  bridgeBotLevel: number;
  bridgeLevel: number;
  bridgeBotMembership: string | null;
  joinedMembers: Iterable<string>;
  relay: boolean | null;
};


/** Pure: how the bridge stands in the room, with each problem said in words. */
export function bridgeHealth(i: HealthInput): BridgeHealth {
  const b = i.bridge;
  const fails: string[] = [];
  const warns: string[] = [];
  if (i.ours) {
    if (i.bridgeBotMembership !== "join") {
      fails.push(`${b.botUserId} is not in the room (${i.bridgeBotMembership ?? "never joined"}): messages do not cross. Invite it again or relink the room.`);
    }
    if (i.bridgeBotLevel < i.bridgeLevel) {
      warns.push(`${b.botUserId} has power level ${shownLevel(i.bridgeBotLevel)}; m.bridge needs ${i.bridgeLevel}, so it cannot update the bridge info. Raise it to 100.`);
    }
  } else if (i.bridgeBotMembership === "join" || i.bridgeBotMembership === "invite") {
    warns.push(`${b.botUserId} is in the room (${i.bridgeBotMembership}) but the room is not bridged: create or link a group, or remove the bot.`);
  }
  const encryptionWarning = i.encrypted && !b.encryption;
  if (encryptionWarning && i.ours) warns.push(`The room is encrypted and the ${b.displayName} bridge cannot decrypt: messages do not cross until encryption is enabled in the bridge.`);
  const status = fails.length ? "fail" : warns.length ? "warn" : i.ours ? "ok" : "off";
  return {
    network: b.network,
    displayName: b.displayName,
    status,
    bridged: i.ours !== null,
    remoteChat: i.ours ? { id: i.ours.channelId, name: i.ours.channel } : null,
    bridgeBot: { userId: b.botUserId, membership: i.bridgeBotMembership, powerLevel: shownLevel(i.bridgeBotLevel), neededLevel: i.bridgeLevel },
    relay: i.ours ? i.relay : null,
    encryptionWarning,
    puppets: [...i.joinedMembers].filter((u) => isPuppet(b, u)).length,
    problems: [...fails, ...warns],
  };
}
