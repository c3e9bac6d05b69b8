import { USER_ID_PATTERN, serverNameOf } from "../../../shared/matrix-ids.ts";
import { BridgeNetwork } from "../../../shared/bridges.ts";

export type BridgeConfig = {
  network: BridgeNetwork;
  displayName: string;
  botUserId: string;
  commandPrefix: string;
  /** Matrix ID prefix of the bridge's puppets, e.g. @signal_ (on the bot's server). */
  puppetPrefix: string;
  /** Base URL of the bridge's appservice listener; the provisioning API lives under /_matrix/provision/v3. */
  provisioningUrl: string | null;
  provisioningSecret: string | null;
  /** Login ID to relay through and to act with; the acting user's default login when null. */
  relayLogin: string | null;
  /** Whether the bridge has end-to-end encryption enabled (off in mautrix's default config). */
  encryption: boolean;
  /** The bridge's group type for create_group, and the network's limit on group names. */
  groupType: string;
  groupNameLimit: number;
};

const NETWORKS: Record<BridgeNetwork, { displayName: string; groupNameLimit: number }> = {
  signal: { displayName: "Signal", groupNameLimit: 32 },
  whatsapp: { displayName: "WhatsApp", groupNameLimit: 100 },
  telegram: { displayName: "Telegram", groupNameLimit: 255 },
};

const FIELDS = ["BOT", "COMMAND_PREFIX", "PUPPET_PREFIX", "PROVISIONING_URL", "SECRET", "RELAY_LOGIN", "ENCRYPTION"] as const;
// mautrix disables its provisioning API when the shared secret is shorter than this.
const MIN_SECRET_LENGTH = 16;

/** Strips what people paste along with the base URL: a trailing slash or the provisioning prefix. */
function baseUrl(value: string): string {
  return value.replace(/\/+$/, "").replace(/\/_matrix\/provision(\/v3)?$/, "");
}

function parseOne(network: BridgeNetwork, env: Record<string, string | undefined>, problems: string[]): BridgeConfig | null {
  const name = (field: (typeof FIELDS)[number]) => `BRIDGE_${network.toUpperCase()}_${field}`;
  const get = (field: (typeof FIELDS)[number]) => env[name(field)]?.trim() || undefined;
  if (FIELDS.every((f) => get(f) === undefined)) return null;
  const before = problems.length;
  const bot = get("BOT");
  if (!bot) problems.push(`${name("BOT")} is missing: set it to the bridge bot, for example @${network}bot:example.org (the other ${name("BOT").replace("_BOT", "_*")} settings need it)`);
  else if (!USER_ID_PATTERN.test(bot)) problems.push(`${name("BOT")} must be a full Matrix user ID such as @${network}bot:example.org (got "${bot}")`);
  const url = get("PROVISIONING_URL");
  const secret = get("SECRET");
  if (url && !(/^https?:\/\/[^\s/]+/.test(url) && URL.canParse(url))) {
    problems.push(`${name("PROVISIONING_URL")} must be an http(s) URL of the bridge's appservice listener, such as http://localhost:29328`);
  }
  if (url && !secret) problems.push(`${name("SECRET")} is missing: set it to provisioning.shared_secret from the bridge's config.yaml (or remove ${name("PROVISIONING_URL")} to use bot commands only)`);
  if (secret && !url) problems.push(`${name("PROVISIONING_URL")} is missing: ${name("SECRET")} is set, so give the bridge's address too, such as http://localhost:29328`);
  if (secret && secret.length < MIN_SECRET_LENGTH) {
    problems.push(`${name("SECRET")} is shorter than ${MIN_SECRET_LENGTH} characters: mautrix turns its provisioning API off with such a secret; use the bridge's provisioning.shared_secret`);
  }
  const prefix = get("COMMAND_PREFIX") ?? `!${network}`;
  if (/\s/.test(prefix)) problems.push(`${name("COMMAND_PREFIX")} must be one word such as !${network} (got "${prefix}")`);
  const puppetPrefix = get("PUPPET_PREFIX") ?? `@${network}_`;
  if (!/^@[a-z0-9._=\-/+]+$/.test(puppetPrefix)) problems.push(`${name("PUPPET_PREFIX")} must be the start of the puppets' Matrix IDs, such as @${network}_`);
  const encryption = get("ENCRYPTION") ?? "false";
  if (!["true", "false"].includes(encryption)) problems.push(`${name("ENCRYPTION")} must be true or false (whether encryption is enabled in the bridge's config)`);
  if (problems.length > before || !bot) return null;
  return {
    network,
    displayName: NETWORKS[network].displayName,
    botUserId: bot,
    commandPrefix: prefix,
    puppetPrefix,
    provisioningUrl: url ? baseUrl(url) : null,
    provisioningSecret: secret ?? null,
    relayLogin: get("RELAY_LOGIN") ?? null,
    encryption: encryption === "true",
    groupType: "group",
    groupNameLimit: NETWORKS[network].groupNameLimit,
  };
}

/** Every configured bridge, and every problem with their settings (reported with the rest of the config). */
export function parseBridges(env: Record<string, string | undefined>): { bridges: BridgeConfig[]; problems: string[] } {
  const problems: string[] = [];
  const bridges = BridgeNetwork.options.map((n) => parseOne(n, env, problems)).filter((b): b is BridgeConfig => b !== null);
  return { bridges, problems };
}

export function isPuppet(bridge: BridgeConfig, userId: string): boolean {
  return userId.startsWith(bridge.puppetPrefix) && serverNameOf(userId) === serverNameOf(bridge.botUserId) && userId !== bridge.botUserId;
}
