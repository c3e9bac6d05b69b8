import type { Feature } from "../../kernel/feature.ts";
import { createApiToken, revokeApiToken } from "./token-actions.ts";

export const automationFeature: Feature = {
  name: "automation",
  actions: [createApiToken, revokeApiToken],
};
