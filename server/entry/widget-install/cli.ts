import { Command, Option } from "commander";
import { configOrExit } from "../cli/exit-on-config-error.ts";
import { describeForTerminal } from "../cli/describe-error.ts";
import { installWidgetFromCli } from "./install-from-cli.ts";
import type { WidgetInstallPlan } from "../../../shared/widget-install.ts";

const program = new Command("install-widget")
  .description("Add the dashboard widget to MATRIX_MODERATOR_ROOM and pin it for everyone (idempotent)")
  .addOption(new Option("--container <container>", "where Element pins it").choices(["top", "right"]).default("top"))
  .option("--remove", "remove the widget and its pin instead")
  .option("--dry-run", "only say what would change")
  .parse();
const options = program.opts<{ container: "top" | "right"; remove?: boolean; dryRun?: boolean }>();

const config = configOrExit();
try {
  const plan = await installWidgetFromCli(config, "install-widget", { container: options.container, remove: options.remove === true }, options.dryRun);
  process.stdout.write(describeOutcome(plan, options.dryRun === true) + "\n");
} catch (err) {
  process.stderr.write(describeForTerminal(err) + "\n");
  process.exitCode = 1;
}

function describeOutcome(plan: WidgetInstallPlan, dryRun: boolean): string {
  if (plan.changes.length === 0) return `Nothing to change in ${config.moderatorRoom}: the widget is already ${options.remove ? "absent" : "installed and pinned"}.`;
  const verb = dryRun ? "Would" : "Done:";
  return `${verb} ${plan.changes.join("; ")} in ${config.moderatorRoom}.`;
}
