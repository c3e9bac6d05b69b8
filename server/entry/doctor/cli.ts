import { Command } from "commander";
import { configOrExit } from "../cli/exit-on-config-error.ts";
import { SecretScrubber } from "../../kernel/log/log.ts";
import { Bot } from "../../kernel/matrix/bot.ts";
import { runDoctor } from "../../features/health/checks.ts";
import { formatReport } from "../cli/health-format.ts";
import { joinModeratorRoom, liftRateLimit } from "./fixes.ts";
import { permissionsReport } from "./permissions.ts";
import { widgetBundleCheck } from "../http/widget-dist.ts";

const program = new Command("doctor")
  .description("Check the dashboard's configuration against the homeserver and say how to fix each problem")
  .option("--json", "print the report as JSON")
  .option("--join", "accept the bot's invitation to the moderator room first")
  .option("--lift-rate-limit", "exempt the bot from Synapse's rate limits first (server-admin bot)")
  .option("--permissions", "least-privilege report: what the bot can do against what the enabled features need")
  .parse();
const options = program.opts<{ json?: boolean; join?: boolean; liftRateLimit?: boolean; permissions?: boolean }>();

const config = configOrExit();
const scrubber = new SecretScrubber();
scrubber.add(config.accessToken);
for (const bridge of config.bridges) scrubber.add(bridge.provisioningSecret ?? undefined);
scrubber.add(config.authentik?.token);
const bot = new Bot({ homeserverUrl: config.homeserverUrl, accessToken: config.accessToken, userId: config.botUserId });
for (const [wanted, fix] of [
  [options.join, () => joinModeratorRoom(bot, config.moderatorRoom)],
  [options.liftRateLimit, () => liftRateLimit(bot)],
] as const) {
  if (!wanted) continue;
  try {
    process.stdout.write(`${await fix()}\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
if (options.permissions) {
  const permissions = await permissionsReport(bot, { accountSync: Boolean(config.authentik) });
  process.stdout.write(
    scrubber.scrub(
      options.json
        ? JSON.stringify(permissions, null, 2)
        : [
            ...permissions.summary,
            "",
            ...permissions.rooms.map((r) => `${r.canModerate ? "✔" : "✘"} ${r.name ?? r.roomId}: bot level ${r.botLevel}, moderation needs ${r.needed}`),
          ].join("\n"),
    ) + "\n",
  );
  process.exit(permissions.verdict === "missing" ? 1 : 0);
}
const report = await runDoctor({ config, bot });
// The built widget is this install's concern, not the homeserver's: checked here, not in the health report the widget shows.
const widget = widgetBundleCheck();
report.checks.unshift(widget);
if (widget.status !== "ok") report.ok = false;
process.stdout.write(scrubber.scrub(options.json ? JSON.stringify(report, null, 2) : formatReport(report)) + "\n");
if (!report.ok) process.exitCode = 1;
