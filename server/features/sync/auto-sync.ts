import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { AuthentikConfig } from "../../kernel/config/config.ts";
import type { SyncApplyResult, SyncInput, SyncPlan } from "../../../shared/sync.ts";
import { runAction } from "../../kernel/runtime/run-action.ts";
import { syncAccounts } from "./sync-accounts.ts";
import { postNotice } from "../../kernel/runtime/moderator-notices.ts";
import { SyncPlans } from "../../kernel/store/sync-plans.ts";
import { systemContext } from "./system-actor.ts";
import { said, type Said } from "../../../shared/said.ts";

export type AutomaticSync = { plan: SyncPlan; applied: SyncApplyResult | null; heldBecause: string | null };
type SystemActor = Parameters<typeof systemContext>[2];

/**
 * Whether a plan nobody looked at may be applied: never the community's first sync, never more
 * deactivations than the policy allows (none by default), never more other changes than the limit.
 * Returns why not, or null when it may.
 */
export function holdReason(plan: Pick<SyncPlan, "total" | "deactivations">, config: AuthentikConfig, firstApplyDone: boolean): Said | null {
  if (plan.total === 0) return null;
  if (!config.autoApply) return said("sync.held-auto-apply-off", "automatic apply is off (AUTHENTIK_AUTO_APPLY=false)");
  if (!firstApplyDone) return said("sync.held-first-sync", "this is the community's first sync: a moderator applies it");
  if (plan.deactivations > config.autoApplyMaxDeactivations) {
    return said(
      "sync.held-too-many-deactivations",
      `it has ${plan.deactivations} deactivation${plan.deactivations === 1 ? "" : "s"} (people Authentik deactivated or deleted), more than AUTHENTIK_AUTO_APPLY_MAX_DEACTIVATIONS=${config.autoApplyMaxDeactivations}`,
      { count: plan.deactivations, limit: config.autoApplyMaxDeactivations },
    );
  }
  const others = plan.total - plan.deactivations;
  if (others > config.autoApplyMaxChanges) return said("sync.held-too-many-changes", `it has ${others} changes, more than AUTHENTIK_AUTO_APPLY_MAX_CHANGES=${config.autoApplyMaxChanges}`, { count: others, limit: config.autoApplyMaxChanges });
  return null;
}

export function heldNotice(plan: SyncPlan, because: string, prefix: string): string {
  const counts = Object.entries(plan.counts)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  return [
    `🔄 An Authentik sync plan waits for a moderator: ${plan.total} change${plan.total === 1 ? "" : "s"} (${counts}), ${plan.read.users} users read.`,
    `Not applied automatically because ${because}.`,
    ...plan.attention.map((a) => `Look at: ${a.text}`),
    `Review it in the dashboard's Sync screen, or apply it with "${prefix} sync apply ${plan.planId}".`,
  ].join("\n");
}

const sameChanges = (a: SyncPlan, b: SyncPlan) => a.total === b.total && JSON.stringify(a.counts) === JSON.stringify(b.counts);

/**
 * A sync nobody asked for in person (schedule, push, SCIM): planned and stored, then applied if
 * the policy allows, else held and announced in the moderator room with its summary. The same
 * waiting plan is announced once, not at every scheduled run.
 */
export async function runAutomaticSync(app: AppContext, logger: Logger, actor: SystemActor, input: SyncInput): Promise<AutomaticSync> {
  const config = app.config.authentik!;
  const ctx = systemContext(app, logger, actor);
  const plans = new SyncPlans(app.store.db);
  const store = app.syncStore;
  const waiting = plans.waitingHeld();
  const { plan } = await runAction(syncAccounts, ctx, input, "plan");
  const because = holdReason(plan, config, store.firstApply() !== undefined);
  if (plan.total === 0) return { plan, applied: null, heldBecause: null };
  if (because === null) {
    const res = await runAction(syncAccounts, ctx, { planId: plan.planId }, "apply");
    return { plan, applied: res.result ?? null, heldBecause: null };
  }
  plans.hold(plan.planId, because);
  store.setLastRun({ at: new Date().toISOString(), scope: plan.scope, changes: plan.total, jobId: null, error: null, planId: plan.planId, held: true });
  if (waiting && sameChanges(waiting, plan)) {
    logger.info({ planId: plan.planId, waiting: waiting.planId }, "Authentik sync plan held again; the same changes were announced already");
  } else {
    // Forced: a plan waiting for a moderator is not a routine notice that may be switched off.
    await postNotice(app, heldNotice(plan, because.text, app.config.commandPrefix), { force: true }).catch((err) =>
      logger.warn({ err, planId: plan.planId }, "could not announce a held Authentik sync plan"),
    );
  }
  return { plan: plans.get(plan.planId), applied: null, heldBecause: because.text };
}
