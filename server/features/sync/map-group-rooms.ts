import { defineAction } from "../../kernel/runtime/define-action.ts";
import { MapGroupRoomsInput } from "../../../shared/sync.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { requireModeratorRoomGrant, type ModeratorRoomReads } from "../../kernel/runtime/moderator-room-change.ts";
import type { SyncStore } from "../../kernel/store/sync-store.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";

/** The group mappings, the rooms the bot is in, and the moderator room's reads when a group is synced into it. */
type MapGroupRoomsCaps = ModeratorRoomReads & {
  bot: Pick<Bot, "getJoinedRooms" | "resolveRoom">;
  syncStore: Pick<SyncStore, "groupLevels" | "groupRooms" | "setGroupRooms" | "requestFullScan">;
};

export const mapGroupRooms = defineAction({
  name: "sync.map-group-rooms",
  family: "sync",
  permission: "moderator",
  summary: "Set the rooms an Authentik group's members are invited to",
  input: MapGroupRoomsInput,
  example: { group: "gardeners", rooms: ["#gardening:example.org"] },
  capabilities: (app): MapGroupRoomsCaps => ({ moderators: app.moderators, bot: app.bot, syncStore: app.syncStore }),
  async plan(ctx, input) {
    const { bot } = ctx.caps;
    const before = ctx.caps.syncStore.groupRooms().get(input.group) ?? [];
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
    const moderatorRoomId = await ctx.caps.moderators.roomId();
    const level = ctx.caps.syncStore.groupLevels().get(input.group);
    if (level !== undefined && after.includes(moderatorRoomId) && !before.includes(moderatorRoomId)) {
      await requireModeratorRoomGrant(ctx, `members of group ${input.group}`, level);
    }
    return { group: input.group, before, after, added: after.filter((r) => !before.includes(r)), removed: before.filter((r) => !after.includes(r)) };
  },
  async apply(ctx, plan) {
    const store = ctx.caps.syncStore;
    store.setGroupRooms(plan.group, plan.after);
    // The mapping concerns everyone in the group, not only people who changed: next run scans all.
    store.requestFullScan();
    return { group: plan.group, rooms: plan.after };
  },
  target: (input) => `group ${input.group}`,
  targetParams: (input) => ({ group: input.group }),
});
