import { inject } from "vitest";
import { startBridgeTestBed } from "../../fakes/mautrix-signal/test-bed.ts";
import { bridgeStateKey } from "../../fakes/mautrix-signal/bridge-state.ts";
import { startWhatsappTestBed } from "../../synapse/mautrix-whatsapp.ts";
import type { Synapse } from "../../synapse/synapse.ts";

/** What the bridge suites need from a bridge, the fake or the real one, to run the same scenarios. */
export type BridgeTarget = {
  name: string;
  network: "signal" | "whatsapp";
  synapse: Synapse;
  url: string;
  secret: string;
  botUserId: string;
  commandPrefix: string;
  /** m.bridge's state key: `<server>/<appservice id>`. */
  stateKey: string;
  /** A login flow whose first step needs no network, and that step's type. */
  offlineFlow: { id: string; type: "display_and_wait" | "user_input" };
  addLogin(userId: string, login: { id: string; name: string }): Promise<void>;
  /** Makes a room the bridge bot has joined the portal of a remote group; the bridge writes m.bridge. */
  addPortal(roomId: string, chat: { id: string; name: string }): Promise<void>;
  hasPortal(roomId: string): Promise<boolean>;
  stop(): Promise<void>;
};

/** bridge.permissions and relay as both targets are configured: the server at `user`, these at `admin`, relay on. */
export type TargetSetup = { admins: (serverName: string) => string[] };

export async function fakeTarget(setup: TargetSetup): Promise<BridgeTarget> {
  const bed = await startBridgeTestBed();
  const { bridge } = bed;
  for (const admin of setup.admins(bed.synapse.serverName)) bridge.state.permissions[admin] = "admin";
  bridge.state.relay.enabled = true;
  return {
    name: "the fake mautrix-signal",
    network: "signal",
    synapse: bed.synapse,
    url: bridge.url,
    secret: bridge.secret,
    botUserId: bridge.botUserId,
    commandPrefix: "!signal",
    stateKey: bridgeStateKey(bridge.as, bridge.registration.id),
    offlineFlow: { id: "qr", type: "display_and_wait" },
    addLogin: async (userId, login) => void bridge.state.logins.set(userId, [...(bridge.state.logins.get(userId) ?? []), { ...login, state: "CONNECTED" }]),
    addPortal: (roomId, chat) => bridge.addPortal(roomId, chat),
    hasPortal: async (roomId) => bridge.state.portals.has(roomId),
    stop: () => bed.stop(),
  };
}

export async function realTarget(binary: string, setup: TargetSetup): Promise<BridgeTarget> {
  const bed = await startWhatsappTestBed(binary, {
    permissions: (server) => Object.fromEntries(setup.admins(server).map((u) => [u, "admin"])),
    relay: { enabled: true },
  });
  const { bridge } = bed;
  return {
    name: "the real mautrix-whatsapp",
    network: "whatsapp",
    synapse: bed.synapse,
    url: bridge.url,
    secret: bridge.secret,
    botUserId: bridge.botUserId,
    commandPrefix: "!wa",
    stateKey: `${bed.synapse.serverName}/${bridge.appserviceId}`,
    offlineFlow: { id: "phone", type: "user_input" },
    addLogin: (userId, login) => bridge.addLogin(userId, login),
    addPortal: (roomId, chat) => bridge.addPortal(roomId, chat),
    hasPortal: (roomId) => bridge.isPortalRoom(roomId),
    stop: () => bed.stop(),
  };
}

/** The real bridge's binary from the global set-up; null where this machine has none (CI fails before that). */
export function whatsappBinary(): string | null {
  return inject("whatsappBinary");
}
