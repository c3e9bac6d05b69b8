import type { CapabilityContext } from "../../kernel/runtime/define-action.ts";
import type { JobStarter } from "../../kernel/runtime/capabilities.ts";
import type { Store } from "../../kernel/store/db.ts";
import type { SyncApplyResult, SyncChange, SyncInput, SyncPlan } from "../../../shared/sync.ts";
import { chooser, toJobItems, type SyncItem } from "./selection.ts";
import type { SyncStore } from "../../kernel/store/sync-store.ts";
import { SyncPlans } from "../../kernel/store/sync-plans.ts";
import { SYNC_JOB } from "./apply-job.ts";

/** What submitting a stored plan needs: the sync's store, the stored plans, the job runner. */
export type SyncSubmitCaps = { syncStore: SyncStore; store: Pick<Store, "db">; jobs: JobStarter };

type Chosen = { items: Array<{ key: string; data: SyncItem }>; changes: number; addedPrerequisites: number; counts: Record<string, number>; withChanges: Set<string> };

/**
 * The chosen part of a stored plan as job items, read from the store one person at a time: what a
 * change needs (an account before its invites, the invite before its welcome) is always the same
 * person's, so the selection is made per person without the whole plan in memory.
 */
function chooseFromStore(plans: SyncPlans, planId: string, select: SyncInput["select"], vanishedPks: Map<string, number>): Chosen {
  const chosen: Chosen = { items: [], changes: 0, addedPrerequisites: 0, counts: {}, withChanges: new Set() };
  const power: SyncChange[] = [];
  const choose = chooser(select);
  let person: SyncChange[] = [];
  const flush = () => {
    if (!person.length) return;
    const { selected, addedPrerequisites } = choose(person);
    chosen.addedPrerequisites += addedPrerequisites;
    take(selected);
    person = [];
  };
  const take = (selected: SyncChange[]) => {
    chosen.changes += selected.length;
    for (const c of selected) chosen.counts[c.kind] = (chosen.counts[c.kind] ?? 0) + 1;
    chosen.items.push(...toJobItems(selected, vanishedPks));
  };
  for (const c of plans.changesByPerson(planId)) {
    chosen.withChanges.add(c.userId);
    if (c.kind === "set-power-level") power.push(c);
    else {
      if (person.length && person[0]!.userId !== c.userId) flush();
      person.push(c);
    }
  }
  flush();
  take(choose(power).selected);
  return chosen;
}

/**
 * Hands the chosen changes of a stored plan to the job runner and records what the sync now knows:
 * the people it saw, levels it adopts, and (when the whole plan is applied) the cursor for the next
 * incremental run. A plan is applied once.
 */
export function submitSync(ctx: CapabilityContext<SyncSubmitCaps>, plan: SyncPlan, input: SyncInput): SyncApplyResult {
  const store = ctx.caps.syncStore;
  const plans = new SyncPlans(ctx.caps.store.db);
  const before = plans.claim(plan.planId);
  try {
    return submitClaimed(ctx, plan, input, store, plans);
  } catch (err) {
    plans.release(plan.planId, before);
    throw err;
  }
}

function submitClaimed(ctx: CapabilityContext<SyncSubmitCaps>, plan: SyncPlan, input: SyncInput, store: SyncStore, plans: SyncPlans): SyncApplyResult {
  const data = plans.applyData(plan.planId);
  const everything = !input.select || (!input.select.kinds && !input.select.ids);
  const chosen = chooseFromStore(plans, plan.planId, input.select, new Map(data.vanished.map((v) => [v.userId, v.authentikPk])));
  plans.rememberSeen(plan.planId);
  if (everything || input.select?.kinds?.includes("set-power-level")) store.recordGrants(data.adopt);
  for (const v of data.vanished) if (!chosen.withChanges.has(v.userId)) store.forgetUser(v.authentikPk);

  const jobId = chosen.items.length
    ? ctx.caps.jobs.submit({
        kind: SYNC_JOB,
        actor: ctx.actor.id,
        actorKind: ctx.actor.kind,
        params: null,
        items: chosen.items,
        idempotencyKey: input.idempotencyKey ? `sync:${input.idempotencyKey}` : undefined,
      }).snapshot.id
    : null;
  plans.setJob(plan.planId, jobId);
  // The job is durable from here: a crash resumes it, so the cursor may move past these users.
  if (everything && data.cursorAfter) store.setCursor(data.cursorAfter);
  if (everything && data.fullScan) store.setLastFullScanAt(new Date().toISOString());
  // A person (not a schedule, push or SCIM) has looked at a community-wide plan: automatic syncs may apply from now on.
  if (ctx.actor.kind !== "system" && plan.scope !== "users") store.markFirstApplyDone(ctx.actor.id);
  store.setLastRun({ at: new Date().toISOString(), scope: plan.scope, changes: chosen.changes, jobId, error: null, planId: plan.planId });
  return { jobId, changes: chosen.changes, items: chosen.items.length, addedPrerequisites: chosen.addedPrerequisites, counts: chosen.counts };
}
