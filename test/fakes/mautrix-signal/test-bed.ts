import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Synapse } from "../../synapse/synapse.ts";
import { freePort } from "../../synapse/free-port.ts";
import { FakeMautrixSignal } from "./fake-bridge.ts";
import { writeRegistration } from "./registration.ts";

export type BridgeTestBed = { synapse: Synapse; bridge: FakeMautrixSignal; stop(): Promise<void> };

/**
 * A Synapse of its own with the fake bridge registered as an appservice (the shared test
 * Synapse has no appservices): registration first, then the homeserver, then the bridge's bot.
 */
export async function startBridgeTestBed(): Promise<BridgeTestBed> {
  const serverName = `hs-${randomBytes(3).toString("hex")}.localhost`;
  const bridge = new FakeMautrixSignal({ port: await freePort(), serverName });
  const registration = writeRegistration(mkdtempSync(path.join(os.tmpdir(), "dash-bridge-")), bridge.registration);
  const synapse = await Synapse.create({ serverName, extraConfig: { app_service_config_files: [registration] } });
  await bridge.start(synapse.baseUrl);
  await synapse.start();
  await bridge.ready();
  return {
    synapse,
    bridge,
    async stop() {
      await synapse.stop();
      await bridge.stop();
      synapse.destroy();
    },
  };
}

/** The dashboard's .env lines for the fake bridge. */
export function bridgeEnv(bridge: FakeMautrixSignal, options: { provisioning?: boolean; relayLogin?: string } = {}): Record<string, string> {
  return {
    BRIDGE_SIGNAL_BOT: bridge.botUserId,
    ...(options.provisioning === false ? {} : { BRIDGE_SIGNAL_PROVISIONING_URL: bridge.url, BRIDGE_SIGNAL_SECRET: bridge.secret }),
    ...(options.relayLogin ? { BRIDGE_SIGNAL_RELAY_LOGIN: options.relayLogin } : {}),
  };
}
