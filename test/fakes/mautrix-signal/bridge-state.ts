import { randomBytes } from "node:crypto";
import type { AppserviceClient } from "./as-client.ts";

export type Login = { id: string; name: string; state: string };
export type Group = { id: string; name: string; members: Array<{ id: string; name: string }> };
export type Portal = { roomId: string; groupId: string; relay: string | null };

export const NETWORK = { displayname: "Signal", network_id: "signal", network_url: "https://signal.org/", beeper_bridge_type: "signal", default_port: 29328, default_command_prefix: "!signal" };
export const NAME_LIMIT = 32;

/** Signal group IDs are base64 of 32 bytes. */
export const newGroupId = () => randomBytes(32).toString("base64");

/**
 * The bridge's own memory: logins per Matrix user, the remote groups that exist on "Signal",
 * and the portals (rooms bridged to a group). Tests arrange it directly.
 */
export class BridgeState {
  readonly logins = new Map<string, Login[]>();
  readonly groups = new Map<string, Group>();
  readonly portals = new Map<string, Portal>();
  relayEnabled = true;

  defaultLogin(userId: string): Login | undefined {
    return this.logins.get(userId)?.[0];
  }

  loginById(id: string): { owner: string; login: Login } | undefined {
    for (const [owner, logins] of this.logins) {
      const login = logins.find((l) => l.id === id);
      if (login) return { owner, login };
    }
    return undefined;
  }

  portalOfGroup(groupId: string): Portal | undefined {
    return [...this.portals.values()].find((p) => p.groupId === groupId);
  }
}

const puppetLocalpart = (prefix: string, remoteId: string) => `${prefix}${remoteId.replace(/[^a-z0-9._=-]/gi, "").toLowerCase()}`;

/** What bridgev2 does when a room becomes a portal: m.bridge (both types) as the bot, then the puppets join. */
export async function plumb(as: AppserviceClient, state: BridgeState, puppetPrefix: string, roomId: string, group: Group): Promise<void> {
  const content = {
    bridgebot: as.botUserId,
    creator: as.botUserId,
    protocol: { id: NETWORK.network_id, displayname: NETWORK.displayname, external_url: NETWORK.network_url },
    channel: { id: group.id, displayname: group.name },
    "com.beeper.room_type.v2": "group",
  };
  const stateKey = `fi.mau.signal://signal/${group.id}`;
  await as.sendState(roomId, "m.bridge", stateKey, content);
  await as.sendState(roomId, "uk.half-shot.bridge", stateKey, content);
  state.portals.set(roomId, { roomId, groupId: group.id, relay: null });
  for (const member of group.members) {
    const localpart = puppetLocalpart(puppetPrefix, member.id);
    const userId = `@${localpart}:${as.botUserId.split(":").slice(1).join(":")}`;
    await as.ensureUser(localpart, `${member.name} (Signal)`);
    await as.invite(roomId, userId);
    await as.join(roomId, userId);
  }
}

/** `unbridge`: the bridge info is emptied, puppets and bot leave (bridgev2 DeleteRoom with puppets only). */
export async function unplumb(as: AppserviceClient, state: BridgeState, puppetPrefix: string, roomId: string): Promise<void> {
  const portal = state.portals.get(roomId);
  if (!portal) return;
  const stateKey = `fi.mau.signal://signal/${portal.groupId}`;
  await as.sendState(roomId, "m.bridge", stateKey, {});
  await as.sendState(roomId, "uk.half-shot.bridge", stateKey, {});
  state.portals.delete(roomId);
  const members = await as.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`);
  const server = as.botUserId.split(":").slice(1).join(":");
  for (const userId of Object.keys(members.joined ?? {})) {
    if (userId !== as.botUserId && userId.endsWith(`:${server}`) && userId.startsWith(`@${puppetPrefix}`)) await as.leave(roomId, userId);
  }
  await as.leave(roomId);
}
