import { defineAction } from "../../kernel/runtime/define-action.ts";
import { MapGroupLevelInput } from "../../../shared/sync.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { mayGrant } from "../../kernel/authority/authority.ts";
import { requireModeratorRoomGrant } from "../../kernel/runtime/moderator-room-change.ts";

export const mapGroupLevel = defineAction({
  name: "sync.map-group-level",
  family: "sync",
  permission: "admin",
  summary: "Set the power level an Authentik group's members get in managed rooms",
  input: MapGroupLevelInput,
  example: { group: "moderators", level: 50 },
  async plan(ctx, input) {
    const grant = input.level === null ? { ok: true as const } : mayGrant(ctx.actor, input.level);
    if (!grant.ok) throw ApiError.forbidden(`You cannot map a group to level ${input.level}: ${grant.reason}`).saying("mapLevelAbove", { level: input.level! });
    const store = ctx.app.syncStore;
    const before = store.groupLevels().get(input.group) ?? null;
    // A group synced into the moderator room makes its members moderators there: Matrix's rules for the actor (rule 2).
    if ((store.groupRooms().get(input.group) ?? []).includes(await ctx.app.moderators.roomId())) {
      await requireModeratorRoomGrant(ctx, `members of group ${input.group}`, input.level ?? 0);
    }
    return { group: input.group, before, after: input.level };
  },
  async apply(ctx, plan) {
    const store = ctx.app.syncStore;
    store.setGroupLevel(plan.group, plan.after);
    store.requestFullScan();
    return { group: plan.group, level: plan.after };
  },
  target: (input) => `group ${input.group}`,
  targetParams: (input) => ({ group: input.group }),
});
