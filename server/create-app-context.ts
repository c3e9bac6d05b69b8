import type { Logger } from "pino";
import type { Config } from "./config.ts";
import type { SecretScrubber } from "./log.ts";
import { openStore } from "./store/db.ts";
import { AuditLog } from "./store/audit.ts";
import { sessionSecret } from "./store/settings.ts";
import { Bot } from "./matrix/bot.ts";
import { SessionTokens } from "./auth/sessions.ts";
import { ModeratorCheck } from "./auth/moderator-check.ts";
import { HealthService } from "./health-service.ts";
import { JobRunner } from "./jobs/runner.ts";
import { JobStore } from "./jobs/job-store.ts";
import { TemplateStore } from "./templates/template-store.ts";
import { RoomIndex } from "./rooms/room-index.ts";
import type { Feature } from "./feature.ts";
import type { AppContext } from "./app-context.ts";

/** The services every entry point shares (HTTP server, command-line tools); nothing is started here. */
export function createAppContext(config: Config, o: { logger: Logger; scrubber: SecretScrubber; features: Feature[] }): AppContext {
  const store = openStore(config.dataDir);
  const secret = sessionSecret(store.db, config.sessionSecret);
  o.scrubber.add(secret);
  const bot = new Bot({ homeserverUrl: config.homeserverUrl, accessToken: config.accessToken, userId: config.botUserId, logger: o.logger });
  const ctx: AppContext = {
    config,
    bot,
    store,
    audit: new AuditLog(store.db),
    sessions: new SessionTokens(secret),
    moderators: new ModeratorCheck(bot, config.moderatorRoom, config.moderatorPowerLevel),
    health: new HealthService(config, bot),
    scrubber: o.scrubber,
    jobs: new JobRunner(new JobStore(store.db), o.logger),
    templates: new TemplateStore(store.db),
    rooms: new RoomIndex(bot, o.logger),
    actions: new Map(o.features.flatMap((f) => f.actions ?? []).map((a) => [a.name, a])),
    routes: [],
  };
  for (const kind of o.features.flatMap((f) => f.jobKinds ?? [])) ctx.jobs.register(kind);
  return ctx;
}
