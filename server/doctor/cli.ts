import { Command } from "commander";
import { configOrExit } from "../cli/exit-on-config-error.ts";
import { createLogger, SecretScrubber } from "../log.ts";
import { Bot } from "../matrix/bot.ts";
import { runDoctor } from "./checks.ts";
import { formatReport } from "./format.ts";

const program = new Command("doctor")
  .description("Check the dashboard's configuration against the homeserver and say how to fix each problem")
  .option("--json", "print the report as JSON")
  .parse();
const options = program.opts<{ json?: boolean }>();

const config = configOrExit();
const scrubber = new SecretScrubber();
scrubber.add(config.accessToken);
scrubber.add(config.authentik?.token);
const logger = createLogger({ level: "silent", scrubber });
const bot = new Bot({ homeserverUrl: config.homeserverUrl, accessToken: config.accessToken, userId: config.botUserId, logger });
const report = await runDoctor({ config, bot });
process.stdout.write(scrubber.scrub(options.json ? JSON.stringify(report, null, 2) : formatReport(report)) + "\n");
process.exitCode = report.ok ? 0 : 1;
