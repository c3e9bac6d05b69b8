import { UsageError } from "../../kernel/commands/command-spec.ts";
import { actionCommand } from "../../kernel/commands/action-command.ts";
import { isUserWord, restText, roomTargets, userId, wordReader, type WordCaps } from "../../kernel/commands/arguments.ts";
import { roomList, type RoomLabels } from "../../kernel/commands/room-label.ts";
import { blocks, bold, link, rich } from "../../kernel/commands/rich-text.ts";

import type { ConflictResult, CrossRoomPlan } from "../../../shared/plans.ts";

export const conflict = actionCommand<unknown, ConflictResult, WordCaps>({
  name: ["conflict"],
  usage: "<@a> <@b> [reason…]",
  summary: "Open a private, encrypted conflict-resolution room for the parties, with the moderators",
  action: "moderation.conflict-room",
  capabilities: wordReader,
  input(ctx, { words }) {
    const parties: string[] = [];
    while (words[parties.length] && isUserWord(words[parties.length]!)) parties.push(userId(ctx.caps.bot, words[parties.length]));
    if (parties.length < 2) throw new UsageError("Name the two (or more) people in the conflict.");
    const reason = restText(words.slice(parties.length)) ?? `Opened from the moderator room by ${ctx.sender}.`;
    return { parties, reason, idempotencyKey: ctx.idempotencyKey };
  },
  describeResult: ({ result }) => rich`✅ Conflict-resolution room opened: ${link(result!.link, result!.roomId)}. The parties and the moderators are invited.`,
});

function crossRoom(op: "ban" | "kick", verbs: { plan: string; doing: string }, summary: string) {
  return actionCommand<CrossRoomPlan, { jobId: string; rooms: number }, WordCaps & { rooms: RoomLabels }>({
    name: [op],
    usage: "<@user> [rooms|all] [reason…]",
    summary,
    action: `moderation.${op}`,
    capabilities: (app) => ({ ...wordReader(app), rooms: app.rooms }),
    // A ban is confirmed even in one room; a kick only when it reaches more than one.
    confirm: op === "ban" ? true : (plan) => plan.rooms.length > 1,
    async input(ctx, { words }) {
      const user = userId(ctx.caps.bot, words[0], `user to ${op}`);
      const { targets, rest } = await roomTargets(ctx.caps.bot, words.slice(1), { kind: "all" });
      return { user, targets, reason: restText(rest), idempotencyKey: ctx.idempotencyKey };
    },
    describePlan: (plan, ctx) =>
      blocks(
        rich`🔨 ${verbs.plan} ${bold(plan.user)} in ${bold(`${plan.count} room${plan.count === 1 ? "" : "s"}`)}${plan.skipped.length ? ` (${plan.skipped.length} skipped)` : ""}:`,
        roomList(ctx.caps.rooms, [...plan.rooms.filter((r) => !r.skip), ...plan.skipped]),
      ),
    describeResult: ({ plan }) => rich`🔨 ${verbs.doing} ${plan.user} in ${plan.count} room${plan.count === 1 ? "" : "s"}.`,
  });
}

export const ban = crossRoom("ban", { plan: "Ban", doing: "Banning" }, "Ban a user from the listed rooms, or from all (the default); asks for confirmation");
export const kick = crossRoom("kick", { plan: "Remove", doing: "Removing" }, "Remove a user from the listed rooms, or from all (the default); asks for confirmation for more than one room");
