import type { Config } from "../../kernel/config/config.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { BridgeSummary } from "../../../shared/bridges.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { MautrixBridge } from "./mautrix-bridge.ts";
import { bridgeErrors } from "./bridge-error.ts";

/** What finding a bridge reads: the configured bridges, and the bot whose account drives them. */
export type BridgeReads = { config: Pick<Config, "bridges">; bot: Bot };

/** The configured bridge for a network, or the error that says how to configure it. */
export function bridgeFor(app: BridgeReads, network: string): MautrixBridge {
  const config = app.config.bridges.find((b) => b.network === network);
  if (!config) throw bridgeErrors.notConfigured(network, app.config.bridges.map((b) => b.network));
  return new MautrixBridge(config, app.bot);
}

export function summarise(b: BridgeConfig): BridgeSummary {
  return {
    network: b.network,
    displayName: b.displayName,
    bot: b.botUserId,
    commandPrefix: b.commandPrefix,
    provisioning: b.provisioningUrl !== null,
    relayLogin: b.relayLogin,
    encryption: b.encryption,
    groupNameLimit: b.groupNameLimit,
  };
}
