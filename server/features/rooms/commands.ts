import type { CreatedRoom, InvitePlan } from "../../../shared/plans.ts";
import { actionCommand } from "../../kernel/commands/action-command.ts";
import { isUserWord, leadingRooms, userId, wordReader, type WordCaps } from "../../kernel/commands/arguments.ts";
import { UsageError } from "../../kernel/commands/command-spec.ts";
import { blocks, code, firstOf, link, list, rich } from "../../kernel/commands/rich-text.ts";
import type { RoomCreationPlan } from "../../../shared/rooms.ts";

export const createRoom = actionCommand<RoomCreationPlan, CreatedRoom>({
  name: ["room", "create"],
  usage: "<template> <name…>",
  summary: "Create a room from a template (community, announcements, …), with the moderators invited",
  action: "rooms.create",
  input(ctx, { words }) {
    const [template, ...name] = words;
    if (!template) throw new UsageError("Name the template and the room.");
    if (!name.length) throw new UsageError("Give the room a name after the template.");
    return { template: template.toLowerCase(), name: name.join(" "), idempotencyKey: ctx.idempotencyKey };
  },
  describeResult: ({ plan, result }) =>
    blocks(
      rich`✅ Created ${link(`https://matrix.to/#/${encodeURIComponent(result!.alias ?? result!.roomId)}`, plan.name)} (${code(result!.alias ?? result!.roomId)}) from the ${result!.templateId} template.`,
      result!.invited.length > 0 && `Invited: ${result!.invited.join(", ")}.`,
      ...plan.warnings.map((w) => w.text),
    ),
});

export const invite = actionCommand<InvitePlan, { jobId: string; invites: number }, WordCaps>({
  name: ["invite"],
  usage: "<@user…> <room…>",
  summary: "Invite people to one or more rooms (a background job)",
  action: "rooms.invite",
  capabilities: wordReader,
  async input(ctx, { words }) {
    const users: string[] = [];
    while (words[users.length] && isUserWord(words[users.length]!)) users.push(userId(ctx.caps.bot, words[users.length]));
    if (!users.length) throw new UsageError("Name who to invite first (@alice:server), then the rooms.");
    const { rooms, rest } = await leadingRooms(ctx.caps.bot, words.slice(users.length));
    if (!rooms.length) throw new UsageError("Name one or more rooms to invite to (#alias or !id).");
    if (rest.length) throw new UsageError(`"${rest[0]}" is neither a user nor a room.`);
    return { users, rooms, idempotencyKey: ctx.idempotencyKey };
  },
  describeResult: ({ plan, result }) =>
    blocks(
      `Inviting: ${result!.invites} invitation${result!.invites === 1 ? "" : "s"} to send.`,
      plan.alreadyThere.length > 0 && `Already there: ${plan.alreadyThere.length}.`,
      plan.unknown.length > 0 && `Unknown users: ${plan.unknown.join(", ")}.`,
      plan.roomsRefused.length > 0 && list(firstOf(plan.roomsRefused.map((r) => `${r.room}: ${r.reason}`))),
    ),
});
