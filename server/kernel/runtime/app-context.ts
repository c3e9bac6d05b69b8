import type { RequestHandler, Router } from "express";
import type { Config } from "../config/config.ts";
import type { Bot } from "../matrix/bot.ts";
import type { Store } from "../store/db.ts";
import type { AuditLog } from "../store/audit.ts";
import type { SessionTokens } from "../authority/sessions.ts";
import type { ModeratorCheck } from "../authority/moderator-check.ts";
import type { HealthService } from "../../features/health/health-service.ts";
import type { SecretScrubber } from "../log/log.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { Action } from "./define-action.ts";
import type { TemplateStore } from "../store/template-store.ts";
import type { RoomIndex } from "../matrix/room-index.ts";
import type { ApiTokens } from "../authority/api-tokens.ts";
import type { CallerRateLimit } from "../../entry/http/rate-limit.ts";
import type { RouteDoc } from "../../entry/http/openapi.ts";
import type { Metrics } from "../log/metrics.ts";
import type { AuthentikClient } from "../authentik/client.ts";

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
