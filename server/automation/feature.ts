import type { Feature } from "../feature.ts";
import { createApiToken, revokeApiToken } from "../actions/admin/api-tokens.ts";

export const automationFeature: Feature = {
  name: "automation",
  actions: [createApiToken, revokeApiToken],
};
