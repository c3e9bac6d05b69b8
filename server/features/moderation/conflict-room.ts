import type { ConflictPlan, ConflictResult } from "../../../shared/plans.ts";
import { defineAction } from "../../kernel/runtime/define-action.ts";
import { ConflictRoomInput } from "../../../shared/moderation.ts";
import { planCreateRoom, applyCreateRoom, createRoomCaps, type CreateRoomCaps } from "../rooms/create-room.ts";
import { postNotice, type NoticeCaps } from "../../kernel/runtime/moderator-notices.ts";
import { said } from "../../../shared/said.ts";

type ConflictRoomCaps = CreateRoomCaps & NoticeCaps;

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
  capabilities: (app): ConflictRoomCaps => ({ ...createRoomCaps(app), config: app.config, bot: app.bot }),
  async plan(ctx, input): Promise<ConflictPlan> {
    const parties = [...new Set(input.parties)];
    const name = input.name || `Conflict resolution: ${parties.map(localpart).join(", ")}`;
    const { encryption } = ctx.caps.bot;
    // The widget sends the topic and opening in the moderator's language (see ConflictRoomInput); these are the English defaults.
    const opening =
      input.opening ??
      `This room was opened by ${ctx.actor.id} to help ${parties.join(", ")} resolve a disagreement` +
      `${input.mediator ? `, with ${input.mediator} mediating` : ""}. Reason: ${input.reason}`;
    const room = await planCreateRoom(ctx, {
      template: "conflict",
      name,
      // State (topic, name) is never encrypted: the reason goes only into the encrypted opening message.
      topic: input.topic ?? "Mediated conversation.",
      invitees: [...parties, ...(input.mediator ? [input.mediator] : [])],
      idempotencyKey: input.idempotencyKey,
    });
    if (input.mediator) room.powerLevels[input.mediator] = Math.max(room.powerLevels[input.mediator] ?? 0, Math.min(50, room.powerCap.level ?? 50));
    (room.request.power_level_content_override as { users: Record<string, number> }).users = room.powerLevels;
    const openingNote = encryption.on
      ? null
      : said("moderation.opening-not-posted", `The opening message (with the reason) is not posted: the room is encrypted and end-to-end encryption is off (${encryption.reason}). Post it yourself.`, { cause: encryption.reason });
    return { room, parties, mediator: input.mediator ?? null, opening, openingNote };
  },
  async apply(ctx, plan, input): Promise<ConflictResult> {
    const created = await applyCreateRoom(ctx, plan.room, input.idempotencyKey);
    const addressed = [...plan.parties, ...(plan.mediator ? [plan.mediator] : [])];
    // The transaction id makes a retried request land once.
    const openingEventId = plan.openingNote
      ? null
      : await ctx.caps.bot.sendMessage(
          created.roomId,
          { msgtype: "m.notice", body: plan.opening },
          { mentions: { user_ids: addressed }, txnId: `dash-conflict-opening-${created.roomId}` },
        );
    const link = `https://matrix.to/#/${encodeURIComponent(created.roomId)}`;
    const notice = await postNotice(ctx.caps, `${ctx.actor.id} opened a conflict-resolution room for ${plan.parties.join(", ")}: ${link}`, { force: true });
    return { ...created, link, openingEventId, openingNote: plan.openingNote, noticePosted: notice.posted, noticeNote: notice.note };
  },
  target: (input) => input.parties.join(", "),
});
