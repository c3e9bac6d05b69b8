import { Command } from "commander";
import { configOrExit } from "../cli/exit-on-config-error.ts";
import { envFilePath } from "../../kernel/config/env-file.ts";
import { Prompt } from "../cli/prompt.ts";
import { describeForTerminal } from "../cli/describe-error.ts";
import { SetupError } from "../setup/matrix-account.ts";
import { rotateToken } from "./rotate-token.ts";

const program = new Command("rotate-token")
  .description(
    "Give the bot a new access token: sign in again (new device), verify it, write it to .env, switch the running server to it, log the old one out.\n" +
      "The password is asked for in a terminal; otherwise pass DASHBOARD_BOT_PASSWORD (or --bot-password).",
  )
  .option("--bot-password <password>", "the bot account's password (used once, never stored)")
  .parse();
const flags = program.opts<{ botPassword?: string }>();

const config = configOrExit();
try {
  let password = flags.botPassword ?? process.env.DASHBOARD_BOT_PASSWORD;
  if (!password && process.stdin.isTTY) {
    const prompt = new Prompt();
    password = await prompt.secret(`Password of ${config.botUserId}`);
    prompt.close();
  }
  if (!password) throw new SetupError(`The password of ${config.botUserId} is needed to sign it in again.`, "Pass DASHBOARD_BOT_PASSWORD, or run it in a terminal to be asked.");
  await rotateToken({ config, envFile: envFilePath(), password, say: (line) => process.stdout.write(line + "\n") });
} catch (err) {
  process.stderr.write(`Rotation stopped: ${err instanceof SetupError ? `${err.message}\nFix: ${err.fix}` : describeForTerminal(err)}\n`);
  process.exitCode = 1;
}
