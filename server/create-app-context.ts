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
import { authentikClientFor } from "./authentik/from-config.ts";
import { ApiTokens } from "./auth/api-tokens.ts";
import { CallerRateLimit, SignInRateLimit } from "./http/rate-limit.ts";
import { Metrics, endpointLabel } from "./metrics.ts";
import { defaultRetryPolicy } from "./matrix/retry.ts";
import type { Feature } from "./feature.ts";
import type { AppContext } from "./app-context.ts";

/**
 * The services every entry point shares (the HTTP server and command-line tools such as
 * install-widget and setup); nothing is started here. Registers the configuration's secrets with
 * the scrubber.
 */
export function createAppContext(config: Config, o: { logger: Logger; scrubber: SecretScrubber; features: Feature[] }): AppContext {
  const { logger, scrubber, features } = o;
  scrubber.add(config.accessToken);
  for (const bridge of config.bridges) scrubber.add(bridge.provisioningSecret ?? undefined);
  scrubber.add(config.metricsToken);
  scrubber.add(config.authentik?.token);
  scrubber.add(config.authentik?.webhookSecret);
  const store = openStore(config.dataDir);
  const secret = sessionSecret(store.db, config.sessionSecret);
  scrubber.add(secret);
  let jobStore: JobStore | undefined;
  const metrics = new Metrics(() => jobStore);
  const bot = new Bot({
    homeserverUrl: config.homeserverUrl,
    accessToken: config.accessToken,
    userId: config.botUserId,
    logger,
    retry: { ...defaultRetryPolicy, onRateLimited: () => metrics.matrixRateLimited.inc() },
    observe: (method, endpoint, seconds, outcome) => metrics.matrixDuration.observe({ method, endpoint: endpointLabel(endpoint), outcome }, seconds),
  });
  const ctx: AppContext = {
    config,
    bot,
    store,
    audit: new AuditLog(store.db),
    sessions: new SessionTokens(secret),
    moderators: new ModeratorCheck(bot, config.moderatorRoom, { moderatorPowerLevel: config.moderatorPowerLevel, adminPowerLevel: config.adminPowerLevel }),
    apiTokens: new ApiTokens(store.db),
    rateLimit: new CallerRateLimit(config.apiRateLimitPerMinute),
    signInRateLimit: new SignInRateLimit(config.signInRateLimit),
    health: new HealthService(config, bot),
    scrubber,
    jobs: new JobRunner((jobStore = new JobStore(store.db)), logger),
    metrics,
    templates: new TemplateStore(store.db),
    rooms: new RoomIndex(bot, logger),
    authentik: authentikClientFor(config),
    actions: new Map(features.flatMap((f) => f.actions ?? []).map((a) => [a.name, a])),
    routes: [],
    routeDocs: features.flatMap((f) => f.docs ?? []),
  };
  for (const kind of features.flatMap((f) => f.jobKinds ?? [])) ctx.jobs.register(kind);
  return ctx;
}
