import type { Logger } from "pino";
import type { Feature } from "../../kernel/feature.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { e2eeStatus } from "../../kernel/matrix/e2ee.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { commandTable } from "./command-table.ts";
import { Confirmations } from "../../kernel/commands/confirmations.ts";
import { JobProgress } from "./job-progress.ts";
import { handleCommandEvent } from "./handle-command.ts";
import { ModeratorRoomListener } from "./moderator-room-listener.ts";

export type ModeratorRoomCommands = { stop(): Promise<void> };

/** Encrypted messages cannot be read by this bot: say so once at start, with what to do. */
async function warnIfUnreadable(app: AppContext, roomId: string, logger: Logger): Promise<void> {
  const encrypted = await app.bot.getRoomStateEvent(roomId, "m.room.encryption", "").then(() => true, () => false);
  if (!encrypted) return;
  const e2ee = e2eeStatus();
  logger.warn(
    {
      roomId,
      cause: e2ee.available ? "the bot does not decrypt room messages yet" : e2ee.reason,
      fix: "Use the widget, or a moderator room without encryption; `npm run doctor` reports this too.",
    },
    "the moderator room is encrypted: chat commands written there cannot be read",
  );
}

/** Chat commands in the moderator room: listens until `stop`; never stops the server from starting. */
export async function startModeratorRoomCommands(app: AppContext, logger: Logger, features: Feature[]): Promise<ModeratorRoomCommands> {
  const log = logger.child({ module: "commands" });
  let roomId: string;
  try {
    roomId = await app.moderators.roomId();
  } catch (err) {
    const failure = describeMatrixFailure(err);
    log.warn({ cause: failure.message, fix: failure.hint }, "chat commands are off: the moderator room cannot be resolved");
    return { stop: async () => {} };
  }
  await warnIfUnreadable(app, roomId, log);
  const deps = {
    app,
    logger: log,
    commands: commandTable(features).filter((c) => !c.action || app.actions.has(c.action)),
    confirmations: new Confirmations(app.config.commandConfirmMs),
    progress: new JobProgress(app, log),
  };
  const listener = new ModeratorRoomListener({ bot: app.bot, roomId, logger: log, onEvent: (event) => handleCommandEvent(deps, roomId, event) });
  await listener.start();
  log.info({ roomId, prefix: app.config.commandPrefix }, "listening for chat commands in the moderator room");
  return {
    async stop() {
      await listener.stop();
      deps.progress.stop();
    },
  };
}
