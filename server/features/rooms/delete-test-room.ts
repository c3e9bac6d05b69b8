import type { DeleteTestRoomPlan } from "../../../shared/plans.ts";
import { z } from "zod";
import { defineAction } from "../../kernel/runtime/define-action.ts";
import { RoomId } from "../../../shared/matrix-ids.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { deleteRoom, isServerAdmin } from "../../kernel/matrix/admin.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { ManagedRooms } from "../../kernel/store/managed-rooms.ts";

// The whole Bot: the purge goes through Synapse's admin API (kernel/matrix/admin.ts).
type DeleteTestRoomCaps = { bot: Bot; managedRooms: Pick<ManagedRooms, "templateOf" | "remove"> };

/** The background delete first removes every member (the bot too); the purge may take longer. */
async function waitUntilLeft(bot: Bot, roomId: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await bot.getJoinedRooms()).includes(roomId)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const DeleteTestRoomInput = z.strictObject({ room: RoomId });

/** Removes a room made from the "test" template: purged when the bot is an admin, else emptied and left. */
export const deleteTestRoom = defineAction({
  name: "rooms.delete-test-room",
  family: "rooms",
  permission: "moderator",
  summary: "Clean up a test room the dashboard created",
  input: DeleteTestRoomInput,
  example: { room: "!abc:example.org" },
  capabilities: (app): DeleteTestRoomCaps => ({ bot: app.bot, managedRooms: app.managedRooms }),
  async plan(ctx, input): Promise<DeleteTestRoomPlan> {
    if (ctx.caps.managedRooms.templateOf(input.room) !== "test") {
      throw ApiError.forbidden(`${input.room} was not created from the test template by the dashboard.`, "Only test rooms can be deleted here.").saying("notTestRoom", { room: input.room });
    }
    const members = await ctx.caps.bot.getJoinedRoomMembers(input.room).catch(() => [] as string[]);
    const admin = await isServerAdmin(ctx.caps.bot);
    return { room: input.room, method: admin ? "purge" : "kick-and-leave", members: members.filter((m) => m !== ctx.caps.bot.userId) };
  },
  async apply(ctx, plan) {
    const { bot } = ctx.caps;
    if (plan.method === "purge") {
      // v2 deletes in the background: members are removed at once, the purge follows.
      await deleteRoom(bot, plan.room, { purge: true, block: false });
      await waitUntilLeft(bot, plan.room);
    } else {
      for (const member of plan.members) await bot.kickUser(member, plan.room, "Test room cleaned up").catch(() => {});
      await bot.leaveRoom(plan.room);
    }
    ctx.caps.managedRooms.remove(plan.room);
    return { deleted: true, method: plan.method };
  },
  target: (input) => input.room,
});
