import { defineAction } from "../../kernel/runtime/define-action.ts";
import { MapGroupLevelInput } from "../../../shared/sync.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";

export const mapGroupLevel = defineAction({
  name: "sync.map-group-level",
  family: "sync",
  permission: "admin",
  summary: "Set the power level an Authentik group's members get in managed rooms",
  input: MapGroupLevelInput,
  example: { group: "moderators", level: 50 },
  async plan(ctx, input) {
    if (input.level !== null && input.level > ctx.actor.powerLevel) {
      throw ApiError.forbidden(`You cannot map a group to level ${input.level}, above your own (${ctx.actor.powerLevel}).`);
    }
    const before = ctx.app.syncStore.groupLevels().get(input.group) ?? null;
    return { group: input.group, before, after: input.level };
  },
  async apply(ctx, plan) {
    const store = ctx.app.syncStore;
    store.setGroupLevel(plan.group, plan.after);
    store.requestFullScan();
    return { group: plan.group, level: plan.after };
  },
  target: (input) => `group ${input.group}`,
});
