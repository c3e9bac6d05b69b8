import { randomBytes } from "node:crypto";
import type { AppserviceClient } from "./as-client.ts";

export type Login = { id: string; name: string; state: string };
/** bridge.permissions levels, lowest first (bridgev2/bridgeconfig/permissions.go). */
export type Permission = "block" | "relay" | "commands" | "user" | "admin";
export type Group = { id: string; name: string; members: Array<{ id: string; name: string }> };
export type Portal = { roomId: string; groupId: string; relay: string | null };

export const NETWORK = { displayname: "Signal", network_id: "signal", network_url: "https://signal.org/", beeper_bridge_type: "signal", default_port: 29328, default_command_prefix: "!signal" };
/** Signal's group name limit; bridgev2 counts it in UTF-8 bytes (len() of a Go string). */
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
  /** bridge.relay in the bridge's config.yaml (relay mode off by default, as mautrix ships it). */
  relay = { enabled: false, adminOnly: true, defaultRelays: [] as string[] };
  /** bridge.permissions: "*", a server name or a user ID to a level. */
  permissions: Record<string, Permission> = {};

  permissionOf(userId: string): Permission {
    const server = userId.split(":").slice(1).join(":");
    return this.permissions[userId] ?? this.permissions[server] ?? this.permissions["*"] ?? "block";
  }

  /** At least `user`: may log in and use the provisioning API. */
  mayLogin(userId: string): boolean {
    return ["user", "admin"].includes(this.permissionOf(userId));
  }

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

/** bridgev2 keys its m.bridge state by `<server>/<appservice id>` (one per bridge, not per chat). */
export const bridgeStateKey = (as: AppserviceClient, appserviceId: string) => `${as.botUserId.split(":").slice(1).join(":")}/${appserviceId}`;

/** What bridgev2 does when a room becomes a portal: m.bridge (both types) as the bot, then the puppets join. */
export async function plumb(as: AppserviceClient, state: BridgeState, puppetPrefix: string, roomId: string, group: Group, appserviceId: string): Promise<void> {
  const content = {
    bridgebot: as.botUserId,
    creator: as.botUserId,
    protocol: { id: NETWORK.network_id, displayname: NETWORK.displayname, external_url: NETWORK.network_url },
    channel: { id: group.id, displayname: group.name },
  };
  const stateKey = bridgeStateKey(as, appserviceId);
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

/**
 * `unbridge`: the portal forgets its room, puppets and bot leave (bridgev2 RemoveMXID + DeleteRoom
 * with puppets only). m.bridge and uk.half-shot.bridge stay in the room as they were: bridgev2
 * never clears them, and no reply is sent.
 */
export async function unplumb(as: AppserviceClient, state: BridgeState, puppetPrefix: string, roomId: string): Promise<void> {
  const portal = state.portals.get(roomId);
  if (!portal) return;
  state.portals.delete(roomId);
  const members = await as.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`);
  const server = as.botUserId.split(":").slice(1).join(":");
  for (const userId of Object.keys(members.joined ?? {})) {
    if (userId !== as.botUserId && userId.endsWith(`:${server}`) && userId.startsWith(`@${puppetPrefix}`)) await as.leave(roomId, userId);
  }
  await as.leave(roomId);
}
