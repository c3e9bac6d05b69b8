import type { ActionContext } from "../../kernel/runtime/define-action.ts";
import type { SyncApplyResult, SyncInput } from "../../../shared/sync.ts";
import type { BuiltPlan } from "./build-plan.ts";
import { selectChanges, toJobItems } from "./selection.ts";
import { SYNC_JOB } from "./apply-job.ts";
import { countByKind } from "./planner.ts";

/**
 * Hands the chosen changes to the job runner and records what the sync now knows: the people it
 * saw, levels it adopts, and (when the whole plan is applied) the cursor for the next incremental run.
 */
export function submitSync(ctx: ActionContext, built: BuiltPlan, input: SyncInput): SyncApplyResult {
  const store = ctx.app.syncStore;
  const { selected, addedPrerequisites } = selectChanges(built.plan.changes, input.select);
  const everything = !input.select;
  store.rememberUsers(built.seen);
  if (everything || input.select?.kinds?.includes("set-power-level")) store.recordGrants(built.adopt);
  const withChanges = new Set(built.plan.changes.map((c) => c.userId));
  for (const v of built.vanished) if (!withChanges.has(v.userId)) store.forgetUser(v.authentikPk);

  const items = toJobItems(selected, new Map(built.vanished.map((v) => [v.userId, v.authentikPk])));
  const jobId = items.length
    ? ctx.app.jobs.submit({
        kind: SYNC_JOB,
        actor: ctx.actor.id,
        actorKind: ctx.actor.kind,
        params: null,
        items,
        idempotencyKey: input.idempotencyKey ? `sync:${input.idempotencyKey}` : undefined,
      }).snapshot.id
    : null;
  // The job is durable from here: a crash resumes it, so the cursor may move past these users.
  if (everything && built.cursorAfter) store.setCursor(built.cursorAfter);
  if (everything && built.fullScan) store.setLastFullScanAt(new Date().toISOString());
  store.setLastRun({ at: new Date().toISOString(), scope: built.plan.scope, changes: selected.length, jobId, error: null });
  return { jobId, changes: selected.length, items: items.length, addedPrerequisites, counts: countByKind(selected) as Record<string, number> };
}
