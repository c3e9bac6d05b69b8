import http from "node:http";
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { createLogger, SecretScrubber, type LogSink } from "./log.ts";
import { openStore } from "./store/db.ts";
import { AuditLog } from "./store/audit.ts";
import { sessionSecret } from "./store/settings.ts";
import { Bot } from "./matrix/bot.ts";
import { SessionTokens } from "./auth/sessions.ts";
import { ModeratorCheck } from "./auth/moderator-check.ts";
import { HealthService } from "./health-service.ts";
import { createApp } from "./http/app.ts";
import type { AppContext } from "./app-context.ts";
import { describeMatrixFailure } from "./matrix/failure.ts";
import { JobRunner } from "./jobs/runner.ts";
import { JobStore } from "./jobs/job-store.ts";
import { features as allFeatures } from "./features.ts";
import type { Feature } from "./feature.ts";
import { actionRoutes } from "./http/routes/actions.ts";
import { jobRoutes } from "./http/routes/jobs.ts";
import { TemplateStore } from "./templates/template-store.ts";
import { RoomIndex } from "./rooms/room-index.ts";
import { authentikClientFor } from "./authentik/from-config.ts";

export type RunningServer = { ctx: AppContext; url: string; logger: Logger; close(): Promise<void> };

/** Composition root: config → store → matrix → auth → http. */
export async function startServer(config: Config, options: { logSink?: LogSink; features?: Feature[] } = {}): Promise<RunningServer> {
  const features = options.features ?? allFeatures;
  const scrubber = new SecretScrubber();
  scrubber.add(config.accessToken);
  scrubber.add(config.authentik?.token);
  scrubber.add(config.authentik?.webhookSecret);
  const logger = createLogger({ level: config.logLevel, scrubber, sink: options.logSink });
  const store = openStore(config.dataDir);
  const secret = sessionSecret(store.db, config.sessionSecret);
  scrubber.add(secret);
  const bot = new Bot({ homeserverUrl: config.homeserverUrl, accessToken: config.accessToken, userId: config.botUserId, logger });
  const ctx: AppContext = {
    config,
    bot,
    store,
    audit: new AuditLog(store.db),
    sessions: new SessionTokens(secret),
    moderators: new ModeratorCheck(bot, config.moderatorRoom, config.moderatorPowerLevel),
    health: new HealthService(config, bot),
    scrubber,
    jobs: new JobRunner(new JobStore(store.db), logger),
    templates: new TemplateStore(store.db),
    rooms: new RoomIndex(bot, logger),
    authentik: authentikClientFor(config),
    actions: new Map(features.flatMap((f) => f.actions ?? []).map((a) => [a.name, a])),
    routes: [],
  };
  for (const kind of features.flatMap((f) => f.jobKinds ?? [])) ctx.jobs.register(kind);
  ctx.routes!.push(actionRoutes(ctx, logger), jobRoutes(ctx));
  for (const f of features) if (f.routes) ctx.routes!.push(f.routes(ctx, logger));
  await acceptModeratorRoomInvite(ctx, logger);
  ctx.jobs.start(ctx);
  const stopFeatures = features.flatMap((f) => (f.start ? [f.start(ctx, logger)] : []));
  const app = createApp(ctx, logger);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  logger.info({ url, homeserver: config.homeserverUrl, bot: config.botUserId }, "dashboard listening");
  return {
    ctx,
    url,
    logger,
    close: async () => {
      for (const stop of stopFeatures) await stop();
      await ctx.jobs.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      store.close();
    },
  };
}

/** Joins the moderator room when the bot has been invited to it, so setup is "invite the bot". */
async function acceptModeratorRoomInvite(ctx: AppContext, logger: Logger): Promise<void> {
  try {
    const roomId = await ctx.moderators.roomId();
    const joined = await ctx.bot.client.getJoinedRooms();
    if (!joined.includes(roomId)) {
      await ctx.bot.client.joinRoom(roomId);
      logger.info({ roomId }, "joined the moderator room");
    }
  } catch (err) {
    const failure = describeMatrixFailure(err);
    logger.warn({ cause: failure.message, fix: failure.hint }, "moderator room not usable yet; run `npm run doctor`");
  }
}
