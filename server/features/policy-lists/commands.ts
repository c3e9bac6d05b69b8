import { defineCommand, UsageError } from "../../kernel/commands/command-spec.ts";
import { actionCommand } from "../../kernel/commands/action-command.ts";
import { restText, userId, wordReader, type WordCaps } from "../../kernel/commands/arguments.ts";
import { blocks, bold, code, list, rich } from "../../kernel/commands/rich-text.ts";
import type { EnforcementPlan } from "../../../shared/policy-lists.ts";
import { overview } from "./overview.ts";

function describeEnforcement(plan: EnforcementPlan) {
  return blocks(
    rich`🛡 Ban lists: ${bold(`${plan.bans.length} ban${plan.bans.length === 1 ? "" : "s"}`)} and ${bold(`${plan.acls.length} server ACL change${plan.acls.length === 1 ? "" : "s"}`)} in ${plan.rooms} rooms (${plan.rules} rules).`,
    plan.bans.length > 0 && list(plan.bans.slice(0, 10).map((b) => rich`${b.user} in ${code(b.room)} — rule ${code(b.rule.entity)}${b.rule.reason ? ` (${b.rule.reason})` : ""}`)),
    plan.acls.length > 0 && list(plan.acls.slice(0, 10).map((a) => rich`${code(a.room)}: deny ${a.add.join(", ")}`)),
    plan.protected.length > 0 && rich`Never acted on: ${plan.protected.map((p) => `${p.entity} (${p.reason.text})`).join(", ")}.`,
  );
}

export const banlist = defineCommand({
  name: ["banlist"],
  usage: "",
  summary: "Show the ban lists the community keeps and follows, with their rule counts",
  capabilities: (app) => ({ overview: () => overview(app) }),
  async run(ctx) {
    const o = await ctx.caps.overview();
    if (!o.lists.length) return void (await ctx.reply(rich`No ban lists yet. Create one with ${code(`${ctx.prefix} banlist create`)} or follow one with ${code(`${ctx.prefix} banlist follow <#alias>`)}.`));
    await ctx.reply(
      blocks(
        rich`🛡 Ban lists (automatic enforcement ${o.autoEnforce ? "on" : "off"}):`,
        list(o.lists.map((l) => rich`${l.own ? "own: " : ""}${l.alias ?? l.name ?? l.roomId} — ${String(l.ruleCount)} rule${l.ruleCount === 1 ? "" : "s"}${l.problem ? ` ⚠ ${l.problem}` : ""}`)),
      ),
    );
  },
});

export const banlistCreate = actionCommand({
  name: ["banlist", "create"],
  usage: "[#alias-to-adopt]",
  summary: "Create the community's own ban list, or adopt an existing policy room",
  action: "policy-lists.create-list",
  input: (ctx, { words }) => (words[0] ? { adopt: words[0], idempotencyKey: ctx.idempotencyKey } : { idempotencyKey: ctx.idempotencyKey }),
  describeResult: ({ result }) => rich`🛡 The community's ban list is ${code((result as { roomId: string }).roomId)}.`,
});

export const banlistFollow = actionCommand({
  name: ["banlist", "follow"],
  usage: "<#alias or !room>",
  summary: "Subscribe to another community's ban list",
  action: "policy-lists.subscribe",
  input(_ctx, { words }) {
    if (!words[0]) throw new UsageError("Name the policy room to follow.");
    return { room: words[0] };
  },
  describeResult: ({ result }) => rich`🛡 Following ${code((result as { roomId: string }).roomId)} (${String((result as { rules: number }).rules)} rules).`,
});

export const banlistAdd = actionCommand<unknown, unknown, WordCaps>({
  name: ["banlist", "add"],
  usage: "<@user|glob|server> [reason…]",
  summary: "Add a user or server rule to the community's ban list",
  action: "policy-lists.add-rule",
  capabilities: wordReader,
  input(ctx, { words }) {
    const entity = words[0];
    if (!entity) throw new UsageError("Name a user (@spam:example.org, @spam*:example.org) or a server (evil.example).");
    const isUser = entity.startsWith("@");
    return { kind: isUser ? "user" : "server", entity: isUser && !/[*?]/.test(entity) ? userId(ctx.caps.bot, entity) : entity, reason: restText(words.slice(1)) ?? "" };
  },
  describeResult: (_res, ctx) => rich`🛡 Rule added to the ban list. Enforce it with ${code(`${ctx.prefix} banlist enforce`)}.`,
});

export const banlistEnforce = actionCommand<EnforcementPlan, unknown>({
  name: ["banlist", "enforce"],
  usage: "",
  summary: "Ban every member the lists match and deny their servers; asks for confirmation",
  action: "policy-lists.enforce",
  confirm: (plan) => plan.bans.length + plan.acls.length > 0,
  input: (ctx) => ({ idempotencyKey: ctx.idempotencyKey }),
  describePlan: describeEnforcement,
  describeResult: ({ plan }) => rich`🛡 Enforcing: ${String(plan.bans.length)} bans, ${String(plan.acls.length)} server ACL changes.`,
});
