import { defineAction } from "../../kernel/runtime/define-action.ts";
import { MapGroupRoomsInput } from "../../../shared/sync.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { requireModeratorRoomGrant } from "../../kernel/runtime/moderator-room-change.ts";

export const mapGroupRooms = defineAction({
  name: "sync.map-group-rooms",
  family: "sync",
  permission: "moderator",
  summary: "Set the rooms an Authentik group's members are invited to",
  input: MapGroupRoomsInput,
  example: { group: "gardeners", rooms: ["#gardening:example.org"] },
  async plan(ctx, input) {
    const { bot } = ctx.app;
    const before = ctx.app.syncStore.groupRooms().get(input.group) ?? [];
    const joined = new Set(await bot.getJoinedRooms());
    const rooms: string[] = [];
    for (const ref of input.rooms) {
      let roomId: string;
      try {
        roomId = await bot.resolveRoom(ref);
      } catch (err) {
        throw ApiError.badRequest(`${ref}: ${describeMatrixFailure(err).message}`, "rooms").saying("roomUnresolved", { room: ref });
      }
      if (!joined.has(roomId)) throw ApiError.badRequest(`The bot is not in ${ref}: invite it there first.`, "rooms").saying("botNotInRoom", { room: ref });
      rooms.push(roomId);
    }
    const after = [...new Set(rooms)].sort();
    // Syncing a group into the moderator room grants its members standing there (its level from
    // the group mapping): judged under Matrix's rules for the actor, as granting it by hand (rule 2).
    const moderatorRoomId = await ctx.app.moderators.roomId();
    const level = ctx.app.syncStore.groupLevels().get(input.group);
    if (level !== undefined && after.includes(moderatorRoomId) && !before.includes(moderatorRoomId)) {
      await requireModeratorRoomGrant(ctx, `members of group ${input.group}`, level);
    }
    return { group: input.group, before, after, added: after.filter((r) => !before.includes(r)), removed: before.filter((r) => !after.includes(r)) };
  },
  async apply(ctx, plan) {
    const store = ctx.app.syncStore;
    store.setGroupRooms(plan.group, plan.after);
    // The mapping concerns everyone in the group, not only people who changed: next run scans all.
    store.requestFullScan();
    return { group: plan.group, rooms: plan.after };
  },
  target: (input) => `group ${input.group}`,
  targetParams: (input) => ({ group: input.group }),
});
