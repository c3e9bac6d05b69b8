import { defineCommand } from "../../kernel/commands/command-spec.ts";
import type { Caller } from "../../kernel/runtime/define-action.ts";
import { userId, wordReader } from "../../kernel/commands/arguments.ts";
import { blocks, bold, code, list, rich, type Rich } from "../../kernel/commands/rich-text.ts";
import type { UserCard } from "../../../shared/user-card.ts";
import { userCard } from "./user-card.ts";

const SHOWN = 8;

function identityLine(card: UserCard): Rich | false {
  const a = card.authentik;
  if (!a.configured) return false;
  if (!a.found) return rich`Authentik: ${a.note}`;
  return rich`Authentik: ${bold(a.username)} (${a.name})${a.active ? "" : ", deactivated"}${a.groups.length ? `, groups ${a.groups.join(", ")}` : ""}.`;
}

function describeCard(card: UserCard, prefix: string): Rich {
  const where = card.rooms.map((r) => rich`${bold(r.name ?? r.alias ?? r.roomId)}: ${r.membership ?? "none"}${r.powerLevel ? `, level ${r.powerLevel}` : ""}`);
  const reports = card.reports.available
    ? `Open reports about their messages: ${card.reports.against.length}; reports they made: ${card.reports.by.length}.`
    : `Reports: unavailable (${card.reports.reason})`;
  const bans = card.banListMatches?.length ? `Matching ban-list rules: ${card.banListMatches.map((m) => `${m.entity} (${m.listName ?? m.listRoomId})`).join(", ")}.` : false;
  return blocks(
    rich`👤 ${bold(card.displayName ? `${card.displayName} (${card.userId})` : card.userId)}`,
    `In ${card.rooms.filter((r) => r.membership === "join").length} of ${card.roomsChecked} managed rooms${card.pendingInvites.length ? `, invited to ${card.pendingInvites.length} more` : ""}.`,
    where.length > 0 && list(where),
    identityLine(card),
    reports,
    bans,
    card.audit.length > 0 &&
      blocks(`Latest audit entries naming them:`, list(card.audit.slice(0, SHOWN).map((e) => rich`${e.at.slice(0, 16).replace("T", " ")} ${e.actor} · ${e.action}${e.result === "error" ? " (failed)" : ""}`))),
    rich`Act: ${code(`${prefix} invite ${card.userId} <rooms>`)}, ${code(`${prefix} kick ${card.userId}`)}, ${code(`${prefix} ban ${card.userId}`)}.`,
  );
}

export const user = defineCommand({
  name: ["user"],
  usage: "<@user>",
  summary: "One person across the community: rooms and levels, pending invites, Authentik identity, reports, audit entries",
  capabilities: (app) => ({ ...wordReader(app), userCard: (caller: Caller, user: string) => userCard({ ...caller, app }, user) }),
  async run(ctx, { words }) {
    const card = await ctx.caps.userCard(ctx.caller, userId(ctx.caps.bot, words[0]));
    await ctx.reply(describeCard(card, ctx.prefix));
  },
});
