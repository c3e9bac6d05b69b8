import type { RequestHandler, Router } from "express";
import type { Config } from "./config.ts";
import type { Bot } from "./matrix/bot.ts";
import type { Store } from "./store/db.ts";
import type { AuditLog } from "./store/audit.ts";
import type { SessionTokens } from "./auth/sessions.ts";
import type { ModeratorCheck } from "./auth/moderator-check.ts";
import type { HealthService } from "./health-service.ts";
import type { SecretScrubber } from "./log.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Action } from "./actions/define-action.ts";
import type { TemplateStore } from "./templates/template-store.ts";
import type { RoomIndex } from "./rooms/room-index.ts";
import type { ApiTokens } from "./auth/api-tokens.ts";
import type { CallerRateLimit, SignInRateLimit } from "./http/rate-limit.ts";
import type { RouteDoc } from "./http/openapi.ts";
import type { Metrics } from "./metrics.ts";
import type { AuthentikClient } from "./authentik/client.ts";

/** Everything a route or an action may use, built once in main.ts. */
export type AppContext = {
  config: Config;
  bot: Bot;
  store: Store;
  audit: AuditLog;
  sessions: SessionTokens;
  moderators: ModeratorCheck;
  apiTokens: ApiTokens;
  rateLimit: CallerRateLimit;
  signInRateLimit: SignInRateLimit;
  health: HealthService;
  scrubber: SecretScrubber;
  jobs: JobRunner;
  metrics: Metrics;
  templates: TemplateStore;
  rooms: RoomIndex;
  /** Present when AUTHENTIK_URL and AUTHENTIK_TOKEN are set. */
  authentik: AuthentikClient | undefined;
  actions: Map<string, Action>;
  /** Feature routers, each given the moderator guard. */
  routes?: Array<(moderator: RequestHandler) => Router>;
  /** Descriptions features give for their read routes (OpenAPI). */
  routeDocs?: RouteDoc[];
};
