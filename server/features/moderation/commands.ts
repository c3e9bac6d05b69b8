import type { CommandContext } from "../../kernel/commands/command-spec.ts";
import { UsageError } from "../../kernel/commands/command-spec.ts";
import { actionCommand } from "../../kernel/commands/action-command.ts";
import { isUserWord, restText, roomTargets, userId } from "../../kernel/commands/arguments.ts";
import { roomLabel } from "../../kernel/commands/room-label.ts";
import { blocks, bold, firstOf, link, list, quote, rich, type Rich } from "../../kernel/commands/rich-text.ts";

type RoomItem = { room: string; skip?: string; reason?: string };
type AnnouncePlan = { message: { body: string }; rooms: RoomItem[]; count: number; skipped: Array<{ room: string; reason: string }>; warnings: string[] };
type CrossRoomPlan = { op: string; user: string; rooms: RoomItem[]; count: number; skipped: RoomItem[] };
type ConflictResult = { roomId: string; link: string };

const FIRST_ROOMS = 5;

function roomList(ctx: CommandContext, items: RoomItem[]): Rich {
  const line = (i: RoomItem) => {
    const why = i.skip ?? i.reason;
    return `${roomLabel(ctx.app, i.room)}${why ? `: skipped, ${why}` : ""}`;
  };
  return list(firstOf(items.map(line), FIRST_ROOMS));
}

export const conflict = actionCommand<unknown, ConflictResult>({
  name: ["conflict"],
  usage: "<@a> <@b> [reason…]",
  summary: "Open a private, encrypted conflict-resolution room for the parties, with the moderators",
  action: "moderation.conflict-room",
  input(ctx, { words }) {
    const parties: string[] = [];
    while (words[parties.length] && isUserWord(words[parties.length]!)) parties.push(userId(ctx.app, words[parties.length]));
    if (parties.length < 2) throw new UsageError("Name the two (or more) people in the conflict.");
    const reason = restText(words.slice(parties.length)) ?? `Opened from the moderator room by ${ctx.sender}.`;
    return { parties, reason, idempotencyKey: ctx.idempotencyKey };
  },
  describeResult: ({ result }) => rich`✅ Conflict-resolution room opened: ${link(result!.link, result!.roomId)}. The parties and the moderators are invited.`,
});

export const announce = actionCommand<AnnouncePlan, { jobId: string; rooms: number }>({
  name: ["announce"],
  usage: "<rooms|all> (the message on the next lines)",
  summary: "Send an announcement (Markdown) to the listed rooms or to every room; asks for confirmation",
  action: "announcements.send",
  confirm: true,
  async input(ctx, { words, body }) {
    const { targets, rest } = await roomTargets(ctx.app, words);
    const markdown = [restText(rest), body].filter(Boolean).join("\n");
    if (!markdown) throw new UsageError("Write the announcement on the lines after the command.");
    return { markdown, targets, idempotencyKey: ctx.idempotencyKey };
  },
  describePlan: (plan, ctx) =>
    blocks(
      rich`📣 This announcement goes to ${bold(`${plan.count} room${plan.count === 1 ? "" : "s"}`)}${plan.skipped.length ? ` (${plan.skipped.length} skipped)` : ""}:`,
      roomList(ctx, [...plan.rooms.filter((r) => !r.skip), ...plan.skipped]),
      quote(plan.message.body),
      ...plan.warnings,
    ),
  describeResult: ({ result }) => rich`📣 Sending the announcement to ${result!.rooms} rooms.`,
});

function crossRoom(op: "ban" | "kick", verbs: { plan: string; doing: string }, summary: string) {
  return actionCommand<CrossRoomPlan, { jobId: string; rooms: number }>({
    name: [op],
    usage: "<@user> [rooms|all] [reason…]",
    summary,
    action: `moderation.${op}`,
    // A ban is confirmed even in one room; a kick only when it reaches more than one.
    confirm: op === "ban" ? true : (plan) => plan.rooms.length > 1,
    async input(ctx, { words }) {
      const user = userId(ctx.app, words[0], `user to ${op}`);
      const { targets, rest } = await roomTargets(ctx.app, words.slice(1), { kind: "all" });
      return { user, targets, reason: restText(rest), idempotencyKey: ctx.idempotencyKey };
    },
    describePlan: (plan, ctx) =>
      blocks(
        rich`🔨 ${verbs.plan} ${bold(plan.user)} in ${bold(`${plan.count} room${plan.count === 1 ? "" : "s"}`)}${plan.skipped.length ? ` (${plan.skipped.length} skipped)` : ""}:`,
        roomList(ctx, [...plan.rooms.filter((r) => !r.skip), ...plan.skipped]),
      ),
    describeResult: ({ plan }) => rich`🔨 ${verbs.doing} ${plan.user} in ${plan.count} room${plan.count === 1 ? "" : "s"}.`,
  });
}

export const ban = crossRoom("ban", { plan: "Ban", doing: "Banning" }, "Ban a user from the listed rooms, or from all (the default); asks for confirmation");
export const kick = crossRoom("kick", { plan: "Remove", doing: "Removing" }, "Remove a user from the listed rooms, or from all (the default); asks for confirmation for more than one room");
