import type { Logger } from "pino";
import type { Config } from "../kernel/config/config.ts";
import type { SecretScrubber } from "../kernel/log/log.ts";
import { openStore } from "../kernel/store/db.ts";
import { AuditLog } from "../kernel/store/audit.ts";
import { sessionSecret } from "../kernel/store/settings.ts";
import { Bot } from "../kernel/matrix/bot.ts";
import { SessionTokens } from "../kernel/authority/sessions.ts";
import { ModeratorCheck } from "../kernel/authority/moderator-check.ts";
import { HealthService } from "./health/health-service.ts";
import { JobRunner } from "../kernel/jobs/runner.ts";
import { JobStore } from "../kernel/jobs/job-store.ts";
import { TemplateStore } from "../kernel/store/template-store.ts";
import { ManagedRooms } from "../kernel/store/managed-rooms.ts";
import { SyncStore } from "../kernel/store/sync-store.ts";
import { RoomIndex } from "../kernel/matrix/room-index.ts";
import { authentikClientFor } from "../kernel/authentik/from-config.ts";
import { ApiTokens } from "../kernel/authority/api-tokens.ts";
import { Metrics, endpointLabel } from "../kernel/log/metrics.ts";
import { defaultRetryPolicy } from "../kernel/matrix/retry.ts";
import type { Feature } from "../kernel/feature.ts";
import type { AppContext } from "../kernel/runtime/app-context.ts";

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
    health: new HealthService(config, bot),
    scrubber,
    jobs: new JobRunner<AppContext>((jobStore = new JobStore(store.db)), logger),
    metrics,
    templates: new TemplateStore(store.db),
    managedRooms: new ManagedRooms(store.db),
    syncStore: new SyncStore(store.db),
    rooms: new RoomIndex(bot, logger),
    authentik: authentikClientFor(config),
    bridgeHealth: features.find((f) => f.bridgeHealth)?.bridgeHealth,
    banLists: features.find((f) => f.banLists)?.banLists,
    actions: new Map(features.flatMap((f) => f.actions ?? []).map((a) => [a.name, a])),
  };
  for (const kind of features.flatMap((f) => f.jobKinds ?? [])) ctx.jobs.register(kind);
  return ctx;
}
