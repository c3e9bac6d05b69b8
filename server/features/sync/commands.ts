import { actionCommand } from "../../kernel/commands/action-command.ts";
import { UsageError } from "../../kernel/commands/command-spec.ts";
import { blocks, bold, firstOf, list, rich } from "../../kernel/commands/rich-text.ts";
import type { SyncPlan } from "../../../shared/sync.ts";

function describeSyncPlan(plan: SyncPlan) {
  const counts = Object.entries(plan.counts).map(([kind, n]) => `${kind}: ${n}`);
  return blocks(
    plan.changes.length
      ? rich`🔄 Authentik sync: ${bold(`${plan.changes.length} change${plan.changes.length === 1 ? "" : "s"}`)} (${plan.read.users} users read).`
      : rich`🔄 Authentik and Matrix agree: nothing to change (${plan.read.users} users read).`,
    counts.length > 0 && list(counts),
    plan.changes.length > 0 && list(firstOf(plan.changes.map((c) => `${c.kind} ${c.userId}: ${c.why}`))),
    ...plan.warnings,
  );
}

function syncCommand(mode: "plan" | "apply") {
  return actionCommand<SyncPlan, { jobId: string | null; changes: number }>({
    name: ["sync", mode],
    usage: "",
    summary: mode === "plan" ? "Show what an Authentik sync would change" : "Apply the Authentik sync (asks for confirmation)",
    action: "sync.accounts",
    mode,
    confirm: mode === "apply" ? (plan) => plan.changes.length > 0 : false,
    input(ctx, { words }) {
      if (words.length) throw new UsageError(`"sync ${mode}" takes no arguments.`);
      return { scope: "full", idempotencyKey: ctx.idempotencyKey };
    },
    describePlan: describeSyncPlan,
    describeResult: ({ result }) => rich`🔄 Applying ${result!.changes} sync change${result!.changes === 1 ? "" : "s"}.`,
  });
}

export const syncPlan = syncCommand("plan");
export const syncApply = syncCommand("apply");
