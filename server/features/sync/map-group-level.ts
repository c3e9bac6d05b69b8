import { defineAction } from "../../kernel/runtime/define-action.ts";
import { MapGroupLevelInput } from "../../../shared/sync.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { mayGrant } from "../../kernel/authority/authority.ts";
import { requireModeratorRoomGrant, type ModeratorRoomReads } from "../../kernel/runtime/moderator-room-change.ts";
import type { SyncStore } from "../../kernel/store/sync-store.ts";

/** The group mappings, and the moderator room's reads when a group is synced into it. */
type MapGroupLevelCaps = ModeratorRoomReads & { syncStore: Pick<SyncStore, "groupLevels" | "groupRooms" | "setGroupLevel" | "requestFullScan"> };

export const mapGroupLevel = defineAction({
  name: "sync.map-group-level",
  family: "sync",
  permission: "admin",
  summary: "Set the power level an Authentik group's members get in managed rooms",
  input: MapGroupLevelInput,
  example: { group: "moderators", level: 50 },
  capabilities: (app): MapGroupLevelCaps => ({ moderators: app.moderators, bot: app.bot, syncStore: app.syncStore }),
  async plan(ctx, input) {
    const grant = input.level === null ? { ok: true as const } : mayGrant(ctx.actor, input.level);
    if (!grant.ok) throw ApiError.forbidden(`You cannot map a group to level ${input.level}: ${grant.reason}`).saying("mapLevelAbove", { level: input.level! });
    const store = ctx.caps.syncStore;
    const before = store.groupLevels().get(input.group) ?? null;
    // A group synced into the moderator room makes its members moderators there: Matrix's rules for the actor (rule 2).
    if ((store.groupRooms().get(input.group) ?? []).includes(await ctx.caps.moderators.roomId())) {
      await requireModeratorRoomGrant(ctx, `members of group ${input.group}`, input.level ?? 0);
    }
    return { group: input.group, before, after: input.level };
  },
  async apply(ctx, plan) {
    const store = ctx.caps.syncStore;
    store.setGroupLevel(plan.group, plan.after);
    store.requestFullScan();
    return { group: plan.group, level: plan.after };
  },
  target: (input) => `group ${input.group}`,
  targetParams: (input) => ({ group: input.group }),
});
