import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type E2eeStatus = { available: boolean; reason: string | null };

/**
 * Whether the native crypto binding is installed: the real one, or the project's shim
 * (server/vendor/matrix-sdk-crypto-shim), which says precisely why it is missing. Whether the bot
 * actually runs an encrypting device is `Bot.encryption` (the server opens it at start).
 */
export function e2eeStatus(): E2eeStatus {
  const binding = require("@matrix-org/matrix-sdk-crypto-nodejs") as { E2EE_AVAILABLE?: boolean; E2EE_UNAVAILABLE_REASON?: string | null };
  if (binding.E2EE_AVAILABLE === false) return { available: false, reason: binding.E2EE_UNAVAILABLE_REASON ?? "binding missing" };
  return { available: true, reason: null };
}
