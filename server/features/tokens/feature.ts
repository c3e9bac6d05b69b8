import type { Feature } from "../../kernel/feature.ts";
import { createApiToken, revokeApiToken } from "./token-actions.ts";

/** API tokens for automation: scoped, never above their creator's current standing. */
export const tokensFeature: Feature = {
  name: "tokens",
  actions: [createApiToken, revokeApiToken],
};
