import { defineAction } from "../../kernel/runtime/define-action.ts";
import { SyncInput } from "../../../shared/sync.ts";
import { buildPlan, type SyncPlanCaps } from "./build-plan.ts";
import { SyncPlans } from "../../kernel/store/sync-plans.ts";
import { submitSync, type SyncSubmitCaps } from "./submit.ts";

export const syncAccounts = defineAction({
  name: "sync.accounts",
  family: "sync",
  permission: "moderator",
  summary: "Bring Matrix accounts, rooms and power levels in line with Authentik (plan, then apply all or part as a job)",
  input: SyncInput,
  example: { scope: "full", select: { kinds: ["create-account", "invite"] } },
  capabilities: (app): SyncPlanCaps & SyncSubmitCaps => ({
    config: app.config,
    authentik: app.authentik,
    syncStore: app.syncStore,
    moderators: app.moderators,
    bot: app.bot,
    managedRooms: app.managedRooms,
    store: app.store,
    jobs: app.jobs,
  }),
  // With a planId the stored plan is the plan (the one a moderator looked at, also after a restart).
  plan: async (ctx, input) => (input.planId ? new SyncPlans(ctx.caps.store.db).get(input.planId) : buildPlan(ctx.caps, input, ctx.actor.id)),
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
