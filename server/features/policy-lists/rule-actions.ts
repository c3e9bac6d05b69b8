import { defineAction } from "../../kernel/runtime/define-action.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { AddRuleInput, RemoveRuleInput, type AddRulePlan, type AddRuleResult, type PolicyRuleKind, type RemoveRulePlan } from "../../../shared/policy-lists.ts";
import { RULE_EVENT_TYPE, ruleStateKey } from "./rules.ts";
import { readListSettings } from "./list-settings.ts";
import { policyRules, type PolicyRules } from "./policy-rules.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { RuleIndex } from "./rule-index.ts";
import { planUndo } from "./enforcement-plan.ts";
import { submitEnforcement, enforcementReads, type EnforceResult, type EnforcementReads } from "./enforce.ts";
import type { JobStarter } from "../../kernel/runtime/capabilities.ts";

/** The community's own list, or a 409 saying how to get one. */
/** What writing a rule into the own list uses: the list settings, the bot, the rule cache. */
export type RuleWriterCaps = { store: Pick<AppContext["store"], "db">; bot: Pick<Bot, "sendStateEvent">; rules: Pick<PolicyRules, "reload"> };

export function ownList(app: { store: Pick<AppContext["store"], "db"> }): string {
  const own = readListSettings(app.store.db).own;
  if (!own) throw ApiError.conflict("The community has no ban list of its own yet.", "Create one (or adopt an existing policy room) on the Ban lists screen, or with `!dash banlist create`.").saying("banListNone");
  return own;
}

/** Writes a ban rule into the own list, under the state key Mjolnir and Draupnir use for it. */
type AddRuleCaps = RuleWriterCaps & { bot: Pick<Bot, "serverName"> };
type RemoveRuleCaps = RuleWriterCaps & EnforcementReads & { jobs: JobStarter };

export async function writeRule(app: RuleWriterCaps, rule: { kind: PolicyRuleKind; entity: string; reason: string }): Promise<{ room: string; stateKey: string }> {
  const room = ownList(app);
  const stateKey = ruleStateKey(rule.entity);
  try {
    await app.bot.sendStateEvent(room, RULE_EVENT_TYPE[rule.kind], stateKey, { entity: rule.entity, reason: rule.reason, recommendation: "m.ban" });
  } catch (err) {
    throw describeMatrixFailure(err, `writing the rule into the ban list ${room}`);
  }
  await app.rules.reload(room);
  return { room, stateKey };
}

export const addRule = defineAction({
  name: "policy-lists.add-rule",
  family: "policy-lists",
  permission: "moderator",
  summary: "Add a rule to the community's ban list",
  input: AddRuleInput,
  example: { kind: "user", entity: "@spam*:example.org", reason: "spam wave" },
  capabilities: (app): AddRuleCaps => ({ store: app.store, bot: app.bot, rules: policyRules(app) }),
  async plan(ctx, input): Promise<AddRulePlan> {
    const room = ownList(ctx.caps);
    if (input.kind === "server" && input.entity === ctx.caps.bot.serverName) {
      throw ApiError.badRequest("A server rule must not name the homeserver's own server: it would never be written into a room's ACL.", "entity").saying("banListOwnServer");
    }
    return { room, type: RULE_EVENT_TYPE[input.kind], stateKey: ruleStateKey(input.entity), ...input };
  },
  async apply(ctx, plan): Promise<AddRuleResult> {
    return writeRule(ctx.caps, plan);
  },
  target: (input) => `${input.kind} ${input.entity}`,
});

type RemovePlan = RemoveRulePlan;

export const removeRule = defineAction({
  name: "policy-lists.remove-rule",
  family: "policy-lists",
  permission: "moderator",
  summary: "Remove a rule from the community's ban list",
  input: RemoveRuleInput,
  example: { kind: "user", entity: "@spam*:example.org", undo: true },
  capabilities: (app): RemoveRuleCaps => ({ ...enforcementReads(app), store: app.store, bot: app.bot, jobs: app.jobs }),
  async plan(ctx, input): Promise<RemovePlan> {
    const room = ownList(ctx.caps);
    const { rules } = ctx.caps;
    await rules.reloadAll();
    const type = RULE_EVENT_TYPE[input.kind];
    const stateKey = ruleStateKey(input.entity);
    const existing = rules.all().find((r) => r.source === room && r.kind === input.kind && r.entity === input.entity);
    if (!existing) throw ApiError.notFound(`The ban list has no ${input.kind} rule for ${input.entity}.`, "List the rules on the Ban lists screen.").saying(input.kind === "user" ? "banRuleNoUser" : "banRuleNoServer", { entity: input.entity });
    if (!input.undo) return { room, type: existing.type, stateKey: existing.stateKey, undo: null };
    const remaining = new RuleIndex(rules.all().filter((r) => r !== existing));
    const facts = await ctx.caps.managedRoomFacts();
    return { room, type: existing.type ?? type, stateKey: existing.stateKey ?? stateKey, undo: planUndo(existing, facts, remaining) };
  },
  async apply(ctx, plan, input): Promise<{ removed: true } & EnforceResult> {
    try {
      // An emptied rule is how Mjolnir and Draupnir remove one too.
      await ctx.caps.bot.sendStateEvent(plan.room, plan.type, plan.stateKey, {});
    } catch (err) {
      throw describeMatrixFailure(err, `removing the rule from ${plan.room}`);
    }
    await ctx.caps.rules.reload(plan.room);
    const undone = plan.undo ? submitEnforcement(ctx, plan.undo, input.idempotencyKey, "undo-rule") : { jobId: null, changes: 0 };
    return { removed: true, ...undone };
  },
  target: (input) => `${input.kind} ${input.entity}`,
});
