import { defineAction, type ActionContext } from "../../kernel/runtime/define-action.ts";
import { EnforceInput, type EnforceResult, type EnforcementPlan } from "../../../shared/policy-lists.ts";
import { postNotice } from "../../kernel/runtime/moderator-notices.ts";
import { planEnforcement, changeCount } from "./enforcement-plan.ts";
import { managedRoomIds, planContext, readRoomFacts } from "./room-facts.ts";
import { policyRules } from "./policy-rules.ts";
import { ENFORCE_JOB, enforceItems } from "./enforce-job.ts";
import { readEnforcedBans } from "./enforced-bans.ts";

export type { EnforceResult };

/** Submits a plan's bans, unbans and ACL changes as one job (none when there is nothing to do). */
export function submitEnforcement(ctx: ActionContext, plan: EnforcementPlan, idempotencyKey: string | undefined, what: string): EnforceResult {
  const items = enforceItems(plan);
  if (!items.length) return { jobId: null, changes: 0 };
  const { snapshot } = ctx.app.jobs.submit({
    kind: ENFORCE_JOB,
    actor: ctx.actor.id,
    actorKind: ctx.actor.kind,
    params: {},
    items,
    idempotencyKey: idempotencyKey ? `${what}:${idempotencyKey}` : undefined,
  });
  return { jobId: snapshot.id, changes: items.length };
}

export function noticeText(actor: string, plan: EnforcementPlan): string {
  const users = new Set(plan.bans.map((b) => b.user));
  return `${actor} · ban lists enforced · ${plan.bans.length} ban${plan.bans.length === 1 ? "" : "s"} of ${users.size} user${users.size === 1 ? "" : "s"}${plan.bans.length ? ` (${[...users].slice(0, 5).join(", ")}${users.size > 5 ? "…" : ""})` : ""}, ${plan.acls.length} server ACL change${plan.acls.length === 1 ? "" : "s"}${plan.unbans.length ? `, ${plan.unbans.length} ban${plan.unbans.length === 1 ? "" : "s"} lifted (rule removed)` : ""}`;
}

/**
 * Applies every list's rules to every managed room: bans of matched members, server ACL entries.
 * The system may run it only while automatic enforcement is on (kernel authority).
 */
export const enforceLists = defineAction({
  name: "policy-lists.enforce",
  family: "policy-lists",
  permission: "moderator",
  summary: "Enforce the ban lists in every managed room",
  input: EnforceInput,
  example: {},
  ownNotice: true,
  async plan(ctx, input): Promise<EnforcementPlan> {
    const rules = policyRules(ctx.app);
    await rules.reloadAll();
    const rooms = await readRoomFacts(ctx.app, await managedRoomIds(ctx.app));
    const plan = planEnforcement(rooms, rules.ruleIndex(), planContext(ctx.app), readEnforcedBans(ctx.app.store.db));
    return input.unban ? plan : { ...plan, unbans: [] };
  },
  async apply(ctx, plan, input): Promise<EnforceResult> {
    const result = submitEnforcement(ctx, plan, input.idempotencyKey, "enforce");
    if (changeCount(plan) > 0) {
      postNotice(ctx.app, noticeText(ctx.actor.id, plan), { force: ctx.actor.kind === "system" }).catch((err) => ctx.logger.warn({ err }, "ban-list notice failed"));
    }
    return result;
  },
  target: (_input, plan) => `${plan.bans.length} bans, ${plan.acls.length} ACL changes`,
});
