import type { ActionResponse } from "../../../shared/actions.ts";
import type { AppContext } from "../runtime/app-context.ts";
import type { Caller } from "../runtime/define-action.ts";
import { runAction } from "../runtime/run-action.ts";
import type { CommandArgs, CommandContext, CommandSpec } from "./command-spec.ts";
import { blocks, code, rich, type Rich } from "./rich-text.ts";

/**
 * A command that is a thin parser over one action: the words become the action's input, and the
 * action layer does the rest (schema, permission, plan, apply, audit), exactly as for the widget.
 * C: what parsing the words and wording the plan need (`capabilities`; none when absent).
 */
export type ActionCommand<P = any, R = any, C = Record<string, never>> = {
  name: string[];
  usage: string;
  summary: string;
  action: string;
  /** The few adapters the parser and the wording use (e.g. `wordReader` to resolve room words). */
  capabilities?(app: AppContext): C;
  /** Words to the action's raw input; throws UsageError when they make no sense. */
  input(ctx: CommandContext<C>, args: CommandArgs): Promise<unknown> | unknown;
  /** "plan" only shows what would change (`sync plan`); "apply" (default) performs it. */
  mode?: "plan" | "apply";
  /** Destructive or large: the plan is shown and `confirm <code>` must follow. A function decides per plan. */
  confirm?: boolean | ((plan: P) => boolean);
  /** What a confirmation applies (default: the same input, planned again); a stored plan can be applied as shown. */
  confirmedInput?(input: unknown, plan: P): unknown;
  /** The plan as shown before a confirmation or for mode "plan" (default: the summary). */
  describePlan?(plan: P, ctx: CommandContext<C>): Rich;
  /** The outcome (default: "Done."); a job's progress follows in its own message. */
  describeResult?(response: ActionResponse<P, R>, ctx: CommandContext<C>): Rich;
};

/** Plans or applies the command's one action for whoever sent the command (the app is added here). */
export type ActionRunner = (caller: Caller, input: unknown, mode: "plan" | "apply") => Promise<ActionResponse<any, any>>;

/** What an action command's run gets: the runner of its action, and what its parser declared. */
export type ActionCommandCaps<C> = { runAction: ActionRunner; own: C };

const jobIdOf = (result: unknown) => (result as { jobId?: unknown } | undefined)?.jobId;

/** The context the definition's parser and wording see: its own capabilities only. */
const ownContext = <C>(ctx: CommandContext<ActionCommandCaps<C>>): CommandContext<C> => ({ ...ctx, caps: ctx.caps.own });

async function apply<C>(ctx: CommandContext<ActionCommandCaps<C>>, def: ActionCommand<any, any, C>, input: unknown): Promise<void> {
  const response = await ctx.caps.runAction(ctx.caller, input, "apply");
  await ctx.reply(def.describeResult?.(response, ownContext(ctx)) ?? rich`✅ Done.`);
  const jobId = jobIdOf(response.result);
  if (typeof jobId === "string") await ctx.followJob(jobId, def.action);
}

function duration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} minute${ms >= 90_000 ? "s" : ""}` : `${Math.round(ms / 1000)} seconds`;
}

export function actionCommand<P, R, C = Record<string, never>>(def: ActionCommand<P, R, C>): CommandSpec<ActionCommandCaps<C>> {
  const describePlan = (plan: P, ctx: CommandContext<C>) => def.describePlan?.(plan, ctx) ?? rich`${def.summary}.`;
  return {
    name: def.name,
    usage: def.usage,
    summary: def.summary,
    action: def.action,
    capabilities(app) {
      const action = app.actions.get(def.action)!;
      return {
        runAction: (caller, input, mode) => runAction(action, { ...caller, app }, input, mode),
        own: def.capabilities?.(app) ?? ({} as C),
      };
    },
    async run(ctx, args) {
      const own = ownContext(ctx);
      const input = await def.input(own, args);
      if (def.mode === "plan") {
        const { plan } = await ctx.caps.runAction(ctx.caller, input, "plan");
        return void (await ctx.reply(describePlan(plan as P, own)));
      }
      if (!def.confirm) return apply(ctx, def, input);
      const { plan } = await ctx.caps.runAction(ctx.caller, input, "plan");
      const needed = typeof def.confirm === "function" ? def.confirm(plan as P) : true;
      if (!needed) return apply(ctx, def, input);
      const what = `${ctx.prefix} ${def.name.join(" ")}`;
      // The action is planned again on confirmation (rooms, levels or members may have changed
      // meanwhile), unless it stores its plans and applies the one shown. It runs for the
      // confirming message (its sender's standing then, its thread) with this command's capabilities.
      const confirmed = def.confirmedInput?.(input, plan as P) ?? input;
      const { code: confirmCode } = ctx.confirmations.create(ctx.sender, what, (confirmCtx) => apply({ ...confirmCtx, caps: ctx.caps }, def, confirmed));
      await ctx.reply(
        blocks(
          describePlan(plan as P, own),
          rich`To go ahead, send ${code(`${ctx.prefix} confirm ${confirmCode}`)} within ${duration(ctx.confirmations.ttlMs)}. Only you can confirm it.`,
        ),
      );
    },
  };
}
