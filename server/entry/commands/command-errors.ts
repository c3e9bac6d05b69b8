import type { Logger } from "pino";
import { ZodError } from "zod";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { zodToApiError } from "../../kernel/errors/known-error.ts";
import { HomeserverFailure } from "../../kernel/errors/homeserver-failure.ts";
import { UsageError, usageLine, type CommandSpec } from "../../kernel/commands/command-spec.ts";
import { blocks, code, rich, type Rich } from "../../kernel/commands/rich-text.ts";

/**
 * What the moderator reads when a command cannot go on. Bad arguments (ours or the action
 * schema's) come with the command's usage; refusals and homeserver problems with their fix.
 */
export function errorReply(thrown: unknown, spec: CommandSpec | undefined, prefix: string, logger: Logger): Rich {
  const err = thrown instanceof ZodError ? zodToApiError(thrown) : thrown;
  const usage = spec && rich`Usage: ${code(usageLine(prefix, spec))}`;
  if (err instanceof UsageError) return blocks(rich`⚠️ ${err.message}`, usage);
  if (err instanceof ApiError) {
    const mark = err.status === 403 ? "⛔" : "⚠️";
    return blocks(rich`${mark} ${err.message}`, err.hint, err.status === 400 && usage);
  }
  if (err instanceof HomeserverFailure) return blocks(rich`⚠️ ${err.message}`, err.hint);
  logger.error({ err }, "chat command failed");
  return rich`⚠️ Something went wrong running this command; the dashboard's server log has the details.`;
}
