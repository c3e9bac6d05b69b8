import type { ActionResponse } from "../../../shared/actions.ts";
import { runAction } from "../runtime/run-action.ts";
import type { CommandArgs, CommandContext, CommandSpec } from "./command-spec.ts";
import { blocks, code, rich, type Rich } from "./rich-text.ts";

/**
 * A command that is a thin parser over one action: the words become the action's input, and the
 * action layer does the rest (schema, permission, plan, apply, audit), exactly as for the widget.
 */
export type ActionCommand<P = any, R = any> = {
  name: string[];
  usage: string;
  summary: string;
  action: string;
  /** Words to the action's raw input; throws UsageError when they make no sense. */
  input(ctx: CommandContext, args: CommandArgs): Promise<unknown> | unknown;
  /** "plan" only shows what would change (`sync plan`); "apply" (default) performs it. */
  mode?: "plan" | "apply";
  /** Destructive or large: the plan is shown and `confirm <code>` must follow. A function decides per plan. */
  confirm?: boolean | ((plan: P) => boolean);
  /** What a confirmation applies (default: the same input, planned again); a stored plan can be applied as shown. */
  confirmedInput?(input: unknown, plan: P): unknown;
  /** The plan as shown before a confirmation or for mode "plan" (default: the summary). */
  describePlan?(plan: P, ctx: CommandContext): Rich;
  /** The outcome (default: "Done."); a job's progress follows in its own message. */
  describeResult?(response: ActionResponse<P, R>, ctx: CommandContext): Rich;
};

const jobIdOf = (result: unknown) => (result as { jobId?: unknown } | undefined)?.jobId;

async function apply(ctx: CommandContext, def: ActionCommand, input: unknown): Promise<void> {
  const action = ctx.app.actions.get(def.action)!;
  const response = await runAction(action, ctx.action, input, "apply");
  await ctx.reply(def.describeResult?.(response, ctx) ?? rich`✅ Done.`);
  const jobId = jobIdOf(response.result);
  if (typeof jobId === "string") await ctx.followJob(jobId, def.action);
}

function duration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} minute${ms >= 90_000 ? "s" : ""}` : `${Math.round(ms / 1000)} seconds`;
}

export function actionCommand<P, R>(def: ActionCommand<P, R>): CommandSpec {
  const describePlan = (plan: P, ctx: CommandContext) => def.describePlan?.(plan, ctx) ?? rich`${def.summary}.`;
  return {
    name: def.name,
    usage: def.usage,
    summary: def.summary,
    action: def.action,
    async run(ctx, args) {
      const input = await def.input(ctx, args);
      const action = ctx.app.actions.get(def.action)!;
      if (def.mode === "plan") {
        const { plan } = await runAction(action, ctx.action, input, "plan");
        return void (await ctx.reply(describePlan(plan as P, ctx)));
      }
      if (!def.confirm) return apply(ctx, def, input);
      const { plan } = await runAction(action, ctx.action, input, "plan");
      const needed = typeof def.confirm === "function" ? def.confirm(plan as P) : true;
      if (!needed) return apply(ctx, def, input);
      const what = `${ctx.prefix} ${def.name.join(" ")}`;
      // The action is planned again on confirmation (rooms, levels or members may have changed
      // meanwhile), unless it stores its plans and applies the one shown.
      const confirmed = def.confirmedInput?.(input, plan as P) ?? input;
      const { code: confirmCode } = ctx.confirmations.create(ctx.sender, what, (confirmCtx) => apply(confirmCtx, def, confirmed));
      await ctx.reply(
        blocks(
          describePlan(plan as P, ctx),
          rich`To go ahead, send ${code(`${ctx.prefix} confirm ${confirmCode}`)} within ${duration(ctx.confirmations.ttlMs)}. Only you can confirm it.`,
        ),
      );
    },
  };
}
