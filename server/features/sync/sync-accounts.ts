import { defineAction } from "../../kernel/runtime/define-action.ts";
import { SyncInput } from "../../../shared/sync.ts";
import { buildPlan } from "./build-plan.ts";
import { SyncPlans } from "../../kernel/store/sync-plans.ts";
import { submitSync } from "./submit.ts";

export const syncAccounts = defineAction({
  name: "sync.accounts",
  family: "sync",
  permission: "moderator",
  summary: "Bring Matrix accounts, rooms and power levels in line with Authentik (plan, then apply all or part as a job)",
  input: SyncInput,
  example: { scope: "full", select: { kinds: ["create-account", "invite"] } },
  // With a planId the stored plan is the plan (the one a moderator looked at, also after a restart).
  plan: async (ctx, input) => (input.planId ? new SyncPlans(ctx.app.store.db).get(input.planId) : buildPlan(ctx.app, input, ctx.actor.id)),
  async apply(ctx, plan, input) {
    return submitSync(ctx, plan, input);
  },
  target: (input, plan) => {
    if (input.planId) return plan.scope === "users" ? `${plan.read.users} Authentik users` : `${plan.scope} sync`;
    return input.users?.length || input.pks?.length ? `${(input.users?.length ?? 0) + (input.pks?.length ?? 0)} Authentik users` : `${input.scope} sync`;
  },
  targetParams(input, plan): Record<string, number> {
    const count = input.planId ? (plan.scope === "users" ? plan.read.users : 0) : (input.users?.length ?? 0) + (input.pks?.length ?? 0);
    return count ? { count } : {};
  },
});
