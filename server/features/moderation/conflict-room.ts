import type { ConflictPlan, ConflictResult } from "../../../shared/plans.ts";
import { defineAction } from "../../kernel/runtime/define-action.ts";
import { ConflictRoomInput } from "../../../shared/moderation.ts";
import { planCreateRoom, applyCreateRoom } from "../rooms/create-room.ts";
import { e2eeStatus } from "../../kernel/matrix/e2ee.ts";
import { postNotice } from "../../kernel/runtime/moderator-notices.ts";

const localpart = (userId: string) => userId.slice(1).split(":")[0];

/** One click: a private, encrypted room for the parties, the mediator and the moderators. */
export const openConflictRoom = defineAction({
  name: "moderation.conflict-room",
  family: "moderation",
  permission: "moderator",
  summary: "Open a private, encrypted conflict-resolution room for the parties",
  input: ConflictRoomInput,
  example: { parties: ["@alice:example.org", "@bob:example.org"], mediator: "@carol:example.org", reason: "Disagreement about the event" },
  ownNotice: true,
  async plan(ctx, input): Promise<ConflictPlan> {
    const parties = [...new Set(input.parties)];
    const name = input.name || `Conflict resolution: ${parties.map(localpart).join(", ")}`;
    const e2ee = e2eeStatus().available;
    const opening =
      `This room was opened by ${ctx.actor.id} to help ${parties.join(", ")} resolve a disagreement` +
      `${input.mediator ? `, with ${input.mediator} mediating` : ""}. Reason: ${input.reason}`;
    const room = await planCreateRoom(ctx, {
      template: "conflict",
      name,
      // Without E2EE the bot cannot post into an encrypted room, but state (the topic) is never encrypted.
      topic: e2ee ? `Mediated conversation. ${input.reason}` : opening,
      invitees: [...parties, ...(input.mediator ? [input.mediator] : [])],
      idempotencyKey: input.idempotencyKey,
    });
    if (input.mediator) room.powerLevels[input.mediator] = Math.max(room.powerLevels[input.mediator] ?? 0, Math.min(50, room.powerCap.level ?? 50));
    (room.request.power_level_content_override as { users: Record<string, number> }).users = room.powerLevels;
    return { room, parties, mediator: input.mediator ?? null, opening, openingAs: e2ee ? "message" : "topic" };
  },
  async apply(ctx, plan, input): Promise<ConflictResult> {
    const created = await applyCreateRoom(ctx, plan.room, input.idempotencyKey);
    if (plan.openingAs === "message") {
      const addressed = [...plan.parties, ...(plan.mediator ? [plan.mediator] : [])];
      await ctx.app.bot.sendMessage(created.roomId, { msgtype: "m.notice", body: plan.opening }, { mentions: { user_ids: addressed } });
    }
    const link = `https://matrix.to/#/${encodeURIComponent(created.roomId)}`;
    const notice = await postNotice(ctx.app, `${ctx.actor.id} opened a conflict-resolution room for ${plan.parties.join(", ")}: ${link}`, { force: true });
    return { ...created, link, noticePosted: notice.posted, noticeNote: notice.note };
  },
  target: (input) => input.parties.join(", "),
});
