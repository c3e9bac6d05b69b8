import { actionCommand } from "../../kernel/commands/action-command.ts";
import { UsageError } from "../../kernel/commands/command-spec.ts";
import { blocks, bold, list, rich } from "../../kernel/commands/rich-text.ts";
import type { SyncPlan } from "../../../shared/sync.ts";

const PLAN_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The stored plan's summary: counts, the first changes of each kind, what needs attention. */
function describeSyncPlan(plan: SyncPlan) {
  const counts = Object.entries(plan.counts).map(([kind, n]) => `${kind}: ${n}`);
  const firsts = Object.values(plan.first)
    .flatMap((changes) => changes.slice(0, 3))
    .map((c) => `${c.kind} ${c.userId}: ${c.why}`);
  return blocks(
    plan.total
      ? rich`🔄 Authentik sync plan ${plan.planId}: ${bold(`${plan.total} change${plan.total === 1 ? "" : "s"}`)} (${plan.read.users} users read).`
      : rich`🔄 Authentik and Matrix agree: nothing to change (${plan.read.users} users read).`,
    counts.length > 0 && list(counts),
    firsts.length > 0 && list(firsts),
    ...plan.attention.map((a) => `⚠️ ${a.text}`),
    ...plan.warnings.map((w) => w.text),
    plan.moreWarnings > 0 && `… and ${plan.moreWarnings} more warnings (see the plan in the dashboard).`,
  );
}

function syncCommand(mode: "plan" | "apply") {
  return actionCommand<SyncPlan, { jobId: string | null; changes: number }>({
    name: ["sync", mode],
    usage: mode === "apply" ? "[plan id]" : "",
    summary: mode === "plan" ? "Show what an Authentik sync would change" : "Apply the Authentik sync, or a stored plan by its id (asks for confirmation)",
    action: "sync.accounts",
    mode,
    confirm: mode === "apply" ? (plan) => plan.total > 0 : false,
    input(ctx, { words }) {
      const [planId, ...rest] = words;
      if (mode === "plan" && words.length) throw new UsageError(`"sync plan" takes no arguments.`);
      if (rest.length || (planId !== undefined && !PLAN_ID.test(planId))) throw new UsageError(`"sync apply" takes at most a plan id, as "sync plan" or a held-plan notice shows it.`);
      return { scope: "full", idempotencyKey: ctx.idempotencyKey, ...(planId ? { planId } : {}) };
    },
    // What is confirmed is the plan that was shown, not a new one planned at confirmation.
    confirmedInput: (input, plan) => ({ ...(input as object), planId: plan.planId }),
    describePlan: describeSyncPlan,
    describeResult: ({ result }) => rich`🔄 Applying ${result!.changes} sync change${result!.changes === 1 ? "" : "s"}.`,
  });
}

export const syncPlan = syncCommand("plan");
export const syncApply = syncCommand("apply");
