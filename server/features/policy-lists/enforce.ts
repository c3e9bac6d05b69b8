import { defineAction, type Actor } from "../../kernel/runtime/define-action.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { JobStarter } from "../../kernel/runtime/capabilities.ts";
import { EnforceInput, type EnforceResult, type EnforcementPlan } from "../../../shared/policy-lists.ts";
import { postNotice, type NoticeCaps } from "../../kernel/runtime/moderator-notices.ts";
import { planEnforcement, changeCount } from "./enforcement-plan.ts";
import { managedRoomIds, planContext, readRoomFacts } from "./room-facts.ts";
import type { PlanContext, RoomFacts } from "./enforcement-plan.ts";
import { policyRules, type PolicyRules } from "./policy-rules.ts";
import { ENFORCE_JOB, enforceItems } from "./enforce-job.ts";
import { readEnforcedBans, type EnforcedBan } from "./enforced-bans.ts";

export type { EnforceResult };

/** What planning an enforcement reads: the rules, each managed room's facts, who is protected, the bans we made. */
export type EnforcementReads = {
  rules: Pick<PolicyRules, "reloadAll" | "ruleIndex" | "all" | "reload">;
  /** Every managed room (policy rooms and spaces left out), read fresh: members, ACL, what the bot may do. */
  managedRoomFacts(): Promise<RoomFacts[]>;
  planContext(): PlanContext;
  enforcedBans(): EnforcedBan[];
};

export const enforcementReads = (app: AppContext): EnforcementReads => ({
  rules: policyRules(app),
  managedRoomFacts: async () => readRoomFacts(app, await managedRoomIds(app)),
  planContext: () => planContext(app),
  enforcedBans: () => readEnforcedBans(app.store.db),
});

type EnforceCaps = EnforcementReads & NoticeCaps & { jobs: JobStarter };

/** Submits a plan's bans, unbans and ACL changes as one job (none when there is nothing to do). */
export function submitEnforcement(ctx: { caps: { jobs: JobStarter }; actor: Actor }, plan: EnforcementPlan, idempotencyKey: string | undefined, what: string): EnforceResult {
  const items = enforceItems(plan);
  if (!items.length) return { jobId: null, changes: 0 };
  const { snapshot } = ctx.caps.jobs.submit({
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
  capabilities: (app): EnforceCaps => ({ ...enforcementReads(app), config: app.config, moderators: app.moderators, bot: app.bot, jobs: app.jobs }),
  async plan(ctx, input): Promise<EnforcementPlan> {
    const { rules } = ctx.caps;
    await rules.reloadAll();
    const rooms = await ctx.caps.managedRoomFacts();
    const plan = planEnforcement(rooms, rules.ruleIndex(), ctx.caps.planContext(), ctx.caps.enforcedBans());
    return input.unban ? plan : { ...plan, unbans: [] };
  },
  async apply(ctx, plan, input): Promise<EnforceResult> {
    const result = submitEnforcement(ctx, plan, input.idempotencyKey, "enforce");
    if (changeCount(plan) > 0) {
      postNotice(ctx.caps, noticeText(ctx.actor.id, plan), { force: ctx.actor.kind === "system" }).catch((err) => ctx.logger.warn({ err }, "ban-list notice failed"));
    }
    return result;
  },
  target: (_input, plan) => `${plan.bans.length} bans, ${plan.acls.length} ACL changes`,
});
