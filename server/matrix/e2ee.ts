import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type E2eeStatus = { available: boolean; reason: string | null };

/**
 * Whether the native crypto binding is present. The package is either the real binding or the
 * project's shim (see server/vendor/matrix-sdk-crypto-shim), which says why it is missing.
 */
export function e2eeStatus(): E2eeStatus {
  const binding = require("@matrix-org/matrix-sdk-crypto-nodejs") as { E2EE_AVAILABLE?: boolean; E2EE_UNAVAILABLE_REASON?: string | null };
  if (binding.E2EE_AVAILABLE === false) return { available: false, reason: binding.E2EE_UNAVAILABLE_REASON ?? "binding missing" };
  return { available: true, reason: null };
}
