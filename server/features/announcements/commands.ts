import { UsageError } from "../../kernel/commands/command-spec.ts";
import { actionCommand } from "../../kernel/commands/action-command.ts";
import { restText, roomTargets, wordReader, type WordCaps } from "../../kernel/commands/arguments.ts";
import { roomList, type RoomLabels } from "../../kernel/commands/room-label.ts";
import { blocks, bold, quote, rich } from "../../kernel/commands/rich-text.ts";

import type { AnnouncePlan } from "../../../shared/plans.ts";

export const announce = actionCommand<AnnouncePlan, { jobId: string; rooms: number }, WordCaps & { rooms: RoomLabels }>({
  name: ["announce"],
  usage: "<rooms|all> (the message on the next lines)",
  summary: "Send an announcement (Markdown) to the listed rooms or to every room; asks for confirmation",
  action: "announcements.send",
  capabilities: (app) => ({ ...wordReader(app), rooms: app.rooms }),
  confirm: true,
  async input(ctx, { words, body }) {
    const { targets, rest } = await roomTargets(ctx.caps.bot, words);
    const markdown = [restText(rest), body].filter(Boolean).join("\n");
    if (!markdown) throw new UsageError("Write the announcement on the lines after the command.");
    return { markdown, targets, idempotencyKey: ctx.idempotencyKey };
  },
  describePlan: (plan, ctx) =>
    blocks(
      rich`📣 This announcement goes to ${bold(`${plan.count} room${plan.count === 1 ? "" : "s"}`)}${plan.skipped.length ? ` (${plan.skipped.length} skipped)` : ""}:`,
      roomList(ctx.caps.rooms, [...plan.rooms.filter((r) => !r.skip), ...plan.skipped.map((s) => ({ room: s.room, reason: s.reason.text }))]),
      quote(plan.message.body),
      ...plan.warnings.map((w) => w.text),
    ),
  describeResult: ({ result }) => rich`📣 Sending the announcement to ${result!.rooms} rooms.`,
});
