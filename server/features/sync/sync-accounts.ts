import { defineAction } from "../../kernel/runtime/define-action.ts";
import { SyncInput } from "../../../shared/sync.ts";
import { buildPlan, publicPlan } from "./build-plan.ts";
import { submitSync } from "./submit.ts";

export const syncAccounts = defineAction({
  name: "sync.accounts",
  family: "sync",
  permission: "moderator",
  summary: "Bring Matrix accounts, rooms and power levels in line with Authentik (plan, then apply all or part as a job)",
  input: SyncInput,
  example: { scope: "full", select: { kinds: ["create-account", "invite"] } },
  plan: (ctx, input) => buildPlan(ctx.app, input),
  present: publicPlan,
  async apply(ctx, plan, input) {
    return submitSync(ctx, plan, input);
  },
  target: (input) => (input.users?.length || input.pks?.length ? `${(input.users?.length ?? 0) + (input.pks?.length ?? 0)} Authentik users` : `${input.scope} sync`),
});
