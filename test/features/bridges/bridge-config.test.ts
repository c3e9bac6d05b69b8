import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../server/kernel/config/config.ts";
import { problemsOf } from "../../helpers/config-problems.ts";

const base = {
  MATRIX_HOMESERVER: "https://matrix.example.org",
  MATRIX_ACCESS_TOKEN: "syt_Ym90_abcdefghijklmnop_123456",
  MATRIX_USER_ID: "@dashboard-bot:example.org",
  MATRIX_MODERATOR_ROOM: "#moderators:example.org",
};
const signal = {
  BRIDGE_SIGNAL_BOT: "@signalbot:example.org",
  BRIDGE_SIGNAL_PROVISIONING_URL: "http://localhost:29328/_matrix/provision/",
  BRIDGE_SIGNAL_SECRET: "0123456789abcdef0123",
};

describe("bridge configuration", () => {
  it("has no bridges unless BRIDGE_<NETWORK>_* is set", () => {
    expect(loadConfig(base).bridges).toEqual([]);
  });

  it("reads a bridge with mautrix's defaults and a normalised provisioning URL", () => {
    const [bridge] = loadConfig({ ...base, ...signal, BRIDGE_SIGNAL_RELAY_LOGIN: "+15550001111" }).bridges;
    expect(bridge).toEqual({
      network: "signal",
      displayName: "Signal",
      botUserId: "@signalbot:example.org",
      commandPrefix: "!signal",
      puppetPrefix: "@signal_",
      provisioningUrl: "http://localhost:29328",
      provisioningSecret: signal.BRIDGE_SIGNAL_SECRET,
      relayLogin: "+15550001111",
      encryption: false,
      groupType: "group",
      groupNameLimit: 32,
    });
  });

  it("reads WhatsApp and Telegram the same way, commands only when no provisioning is given", () => {
    const bridges = loadConfig({ ...base, BRIDGE_WHATSAPP_BOT: "@whatsappbot:example.org", BRIDGE_TELEGRAM_BOT: "@telegrambot:example.org", BRIDGE_TELEGRAM_ENCRYPTION: "true" }).bridges;
    expect(bridges.map((b) => [b.network, b.commandPrefix, b.provisioningUrl, b.encryption])).toEqual([
      ["whatsapp", "!whatsapp", null, false],
      ["telegram", "!telegram", null, true],
    ]);
  });

  it.each([
    ["a provisioning URL without a bot", { ...signal, BRIDGE_SIGNAL_BOT: "" }, "BRIDGE_SIGNAL_BOT is missing"],
    ["a bot that is not a user ID", { ...signal, BRIDGE_SIGNAL_BOT: "signalbot" }, "BRIDGE_SIGNAL_BOT must be a full Matrix user ID"],
    ["a URL without its secret", { ...signal, BRIDGE_SIGNAL_SECRET: "" }, "BRIDGE_SIGNAL_SECRET is missing"],
    ["a secret without its URL", { ...signal, BRIDGE_SIGNAL_PROVISIONING_URL: "" }, "BRIDGE_SIGNAL_PROVISIONING_URL is missing"],
    ["a secret mautrix would refuse", { ...signal, BRIDGE_SIGNAL_SECRET: "short" }, "shorter than 16 characters"],
    ["a URL without scheme", { ...signal, BRIDGE_SIGNAL_PROVISIONING_URL: "localhost:29328" }, "BRIDGE_SIGNAL_PROVISIONING_URL must be an http(s) URL"],
    ["encryption that is not a boolean", { ...signal, BRIDGE_SIGNAL_ENCRYPTION: "yes" }, "BRIDGE_SIGNAL_ENCRYPTION must be true or false"],
    ["a prefix with a space", { ...signal, BRIDGE_SIGNAL_COMMAND_PREFIX: "! signal" }, "BRIDGE_SIGNAL_COMMAND_PREFIX must be one word"],
  ])("rejects %s with its own message", (_label, env, message) => {
    const problems = problemsOf({ ...base, ...env });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("lists bridge problems together with the other configuration problems", () => {
    const problems = problemsOf({ ...base, MATRIX_USER_ID: "bot", BRIDGE_SIGNAL_SECRET: "short" });
    expect(problems.some((p) => p.startsWith("MATRIX_USER_ID"))).toBe(true);
    expect(problems.some((p) => p.startsWith("BRIDGE_SIGNAL_BOT is missing"))).toBe(true);
  });
});
