import type { Config } from "../../kernel/config/config.ts";
import { withCliContext } from "../cli/cli-context.ts";
import { runAction } from "../../kernel/runtime/run-action.ts";
import type { WidgetInstallInput, WidgetInstallPlan } from "../../../shared/widget-install.ts";
import { installWidget } from "../../features/widget-install/action.ts";

/**
 * widget.install for command-line tools: plans first and applies only when something would change,
 * so a repeat sends nothing at all (not even the moderator-room notice an apply posts).
 */
export function installWidgetFromCli(config: Config, command: string, input: WidgetInstallInput, dryRun = false): Promise<WidgetInstallPlan> {
  return withCliContext(config, command, async (ctx) => {
    const { plan } = await runAction(installWidget, ctx, input, "plan");
    if (dryRun || plan.changes.length === 0) return plan;
    return (await runAction(installWidget, ctx, input, "apply")).plan;
  });
}
