import path from "node:path";
import type { Express, Response } from "express";
import type { Logger } from "pino";
import type { Config } from "./kernel/config/config.ts";
import { createLogger, SecretScrubber, type LogSink } from "./kernel/log/log.ts";
import { createApp } from "./entry/http/app.ts";
import { createAppContext } from "./features/create-app-context.ts";
import type { AppContext } from "./kernel/runtime/app-context.ts";
import { describeMatrixFailure } from "./kernel/errors/homeserver-failure.ts";
import type { EncryptionState } from "./kernel/matrix/bot.ts";
import { features as allFeatures } from "./features/all.ts";
import type { Feature, RouteKit } from "./kernel/feature.ts";
import { actionContext, actionRoutes, callerOf } from "./entry/http/action-routes.ts";
import { receiverDocs, receiverRoutes } from "./entry/receivers/receivers.ts";
import { jobRoutes } from "./entry/http/job-routes.ts";
import { startModeratorRoomCommands } from "./entry/commands/moderator-room-commands.ts";

export type RunningServer = { ctx: AppContext; app: Express; url: string; logger: Logger; close(): Promise<void> };

// An ES import of node:http would read its WebSocket export, which loads undici (~15 MB resident) for nothing.
const http = process.getBuiltinModule("node:http");

/** Composition root: config → store → matrix → auth → http. */
export async function startServer(config: Config, options: { logSink?: LogSink; features?: Feature[] } = {}): Promise<RunningServer> {
  const features = options.features ?? allFeatures;
  const scrubber = new SecretScrubber();
  const logger = createLogger({ level: config.logLevel, scrubber, sink: options.logSink });
  const ctx = createAppContext(config, { logger, scrubber, features });
  const kit: RouteKit = { caller: (res) => callerOf(res, logger) };
  const featureRoutes = features.flatMap((f) => (f.routes ? [f.routes.router(f.routes.capabilities(ctx), kit)] : []));
  const mounts = {
    routes: [actionRoutes(ctx, logger), jobRoutes(ctx, (res: Response) => actionContext(ctx, res, logger)), ...featureRoutes, receiverRoutes(ctx, logger)],
    docs: [...features.flatMap((f) => f.docs ?? []), ...receiverDocs],
  };
  await acceptModeratorRoomInvite(ctx, logger);
  if (config.e2ee) logEncryption(await ctx.bot.startEncryption(path.join(config.dataDir, "crypto")), logger);
  else ctx.bot.encryptionOff("E2EE=off in the configuration");
  ctx.jobs.start(ctx);
  const stopFeatures = features.flatMap((f) => (f.start ? [f.start(ctx, logger)] : []));
  const app = createApp(ctx, logger, mounts);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  }).catch(async (err) => {
    await ctx.bot.close();
    throw err;
  });
  const commands = await startModeratorRoomCommands(ctx, logger, features);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  logger.info({ url, homeserver: config.homeserverUrl, bot: config.botUserId }, "dashboard listening");
  return {
    ctx,
    app,
    url,
    logger,
    close: async () => {
      await commands.stop();
      for (const stop of stopFeatures) await stop();
      await ctx.jobs.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await ctx.bot.close();
      ctx.store.close();
    },
  };
}

function logEncryption(state: EncryptionState, logger: Logger): void {
  if (!state.on) {
    logger.warn({ cause: state.reason }, "end-to-end encryption is off: encrypted rooms are skipped, and encrypted commands cannot be read");
    return;
  }
  const { crossSigning } = state;
  logger.info({ deviceId: state.device.deviceId, crossSigned: crossSigning.deviceSigned }, "end-to-end encryption is on");
  if (!crossSigning.deviceSigned) logger.warn({ cause: crossSigning.problem }, "the bot's device is not cross-signed: clients that trust only cross-signed devices will not share keys with it");
}

/** Joins the moderator room when the bot has been invited to it, so setup is "invite the bot". */
async function acceptModeratorRoomInvite(ctx: AppContext, logger: Logger): Promise<void> {
  try {
    const roomId = await ctx.moderators.roomId();
    const joined = await ctx.bot.getJoinedRooms();
    if (!joined.includes(roomId)) {
      await ctx.bot.joinRoom(roomId);
      logger.info({ roomId }, "joined the moderator room");
    }
  } catch (err) {
    const failure = describeMatrixFailure(err);
    logger.warn({ cause: failure.message, fix: failure.hint }, "moderator room not usable yet; run `npm run doctor`");
  }
}
