import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type E2eeStatus = { available: boolean; reason: string | null };

/**
 * Whether the bot can send and read encrypted messages. The native binding is either the real one
 * or the project's shim (server/vendor/matrix-sdk-crypto-shim), which says why it is missing. Even
 * with the real binding the bot does not run an encrypting device yet, so encrypted rooms are
 * treated as unreachable rather than sent plain text by mistake.
 */
export function e2eeStatus(): E2eeStatus {
  const binding = require("@matrix-org/matrix-sdk-crypto-nodejs") as { E2EE_AVAILABLE?: boolean; E2EE_UNAVAILABLE_REASON?: string | null };
  if (binding.E2EE_AVAILABLE === false) return { available: false, reason: binding.E2EE_UNAVAILABLE_REASON ?? "binding missing" };
  return {
    available: false,
    reason: "The native crypto binding is installed, but this version of the dashboard does not run an encrypting device for the bot yet.",
  };
}
