import type { Config } from "../../kernel/config/config.ts";
import { createLogger, SecretScrubber } from "../../kernel/log/log.ts";
import { createAppContext } from "../../features/create-app-context.ts";
import { features } from "../../features/all.ts";
import type { ActionContext } from "../../kernel/runtime/define-action.ts";

/**
 * An action context for command-line tools: the same services as the server (audit log in
 * DATA_DIR included), acting as the system since whoever runs it already holds the bot's token.
 */
export async function withCliContext<T>(config: Config, command: string, run: (ctx: ActionContext) => Promise<T>): Promise<T> {
  const scrubber = new SecretScrubber();
  scrubber.add(config.accessToken);
  const logger = createLogger({ level: "silent", scrubber });
  const app = createAppContext(config, { logger, scrubber, features });
  try {
    return await run({ app, logger, actor: { kind: "system", id: `cli:${command}`, powerLevel: Number.POSITIVE_INFINITY } });
  } finally {
    app.store.close();
  }
}
