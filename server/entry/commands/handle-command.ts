import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { TimelineEvent } from "../../kernel/matrix/sync-request.ts";
import { UsageError, type CommandContext, type CommandSpec } from "../../kernel/commands/command-spec.ts";
import type { Confirmations } from "../../kernel/commands/confirmations.ts";
import type { JobProgress } from "./job-progress.ts";
import { pillsOf, readCommand } from "./command-text.ts";
import { misleadingPills } from "./pill-check.ts";
import { replyTargetOf, sendReply } from "./replies.ts";
import { findCommand } from "./find-command.ts";
import { errorReply } from "./command-errors.ts";
import { code, rich, type Rich, blocks, list } from "../../kernel/commands/rich-text.ts";

export type CommandDeps = { app: AppContext; logger: Logger; commands: CommandSpec[]; confirmations: Confirmations; progress: JobProgress };

/** A command message, as opposed to the bot's own posts, edits, notices and ordinary chat. */
function isCandidate(event: TimelineEvent, botUserId: string): boolean {
  const c = event.content;
  if (event.type !== "m.room.message" || event.sender === botUserId) return false;
  if (c.msgtype !== "m.text" || c["m.new_content"] !== undefined) return false;
  return (c["m.relates_to"] as { rel_type?: string } | undefined)?.rel_type !== "m.replace";
}

/**
 * One message from the moderator room: a command is checked against the moderator rule (the
 * same module as the widget's), then run; every outcome is answered in the command's thread.
 */
export async function handleCommandEvent(deps: CommandDeps, roomId: string, event: TimelineEvent): Promise<void> {
  const { app } = deps;
  if (!isCandidate(event, app.bot.userId)) return;
  const prefix = app.config.commandPrefix;
  const parsed = readCommand(event.content, prefix);
  if (!parsed) return;
  const target = replyTargetOf(roomId, event);
  const reply = (message: Rich) => sendReply(app.bot, target, message);
  const logger = deps.logger.child({ sender: event.sender, eventId: event.event_id, command: parsed.words.slice(0, 2).join(" ") });
  const found = findCommand(deps.commands, parsed.words.length ? parsed.words : ["help"]);
  logger.info("chat command");
  try {
    const standing = await app.moderators.require(event.sender);
    const misleading = await misleadingPills(app, pillsOf(event.content), standing.moderatorRoomId);
    if (misleading.length) {
      logger.warn({ misleading }, "chat command refused: a link names someone else than its text");
      await reply(
        blocks(
          rich`⛔ Not run: a link in this command shows one name but points to another, and the command would act on the hidden link.`,
          list(misleading.map((p) => rich`shown as ${code(p.label)}, links to ${code(p.id)}`)),
          rich`Write the Matrix ID itself (or pick the person or room again) and send the command once more.`,
        ),
      );
      return;
    }
    if (!found) {
      await reply(rich`⚠️ Unknown command ${code(`${prefix} ${parsed.words.join(" ")}`)}. Send ${code(`${prefix} help`)} for the list.`);
      return;
    }
    // The command sees the capabilities it declared, built for this run, and never the app.
    const ctx: CommandContext = {
      caps: found.spec.capabilities(app),
      caller: {
        actor: { kind: "command", id: event.sender, userId: event.sender, powerLevel: standing.powerLevel },
        logger,
        requestId: event.event_id,
      },
      sender: event.sender,
      prefix,
      idempotencyKey: `cmd-${createHash("sha256").update(event.event_id).digest("hex").slice(0, 40)}`,
      confirmations: deps.confirmations,
      commands: deps.commands,
      reply,
      followJob: (jobId, label) => deps.progress.follow(jobId, target, label),
    };
    if (!found.spec.usage && found.args.length) throw new UsageError(`${found.spec.name.join(" ")} takes no arguments.`);
    await found.spec.run(ctx, { words: found.args, body: parsed.body });
  } catch (err) {
    await reply(errorReply(err, found?.spec, prefix, logger)).catch((replyErr) => logger.warn({ err: replyErr }, "could not answer a chat command"));
  }
}
