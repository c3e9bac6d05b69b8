import type { CrossRoomItem, CrossRoomOp, CrossRoomPlan } from "../../../shared/plans.ts";
import { defineAction, type CapabilityContext } from "../../kernel/runtime/define-action.ts";
import { defineJobKind } from "../../kernel/runtime/job-kind.ts";
import { CrossRoomInput, RedactInput, type CrossRoomInput as CrossRoomInputT } from "../../../shared/moderation.ts";
import { resolveTargets, type TargetCaps } from "./targets.ts";
import { mayBan, mayKick, type Verdict } from "../rooms/guardrails.ts";
import { powerFacts, type PowerFactsCaps } from "../rooms/power-facts.ts";
import { describeMatrixFailure, transientFailure } from "../../kernel/errors/homeserver-failure.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { ownList, writeRule, type RuleWriterCaps } from "../policy-lists/rule-actions.ts";
import { said } from "../../../shared/said.ts";
import { policyRules } from "../policy-lists/policy-rules.ts";
import type { JobStarter } from "../../kernel/runtime/capabilities.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";

/** Which rooms, the guardrails' levels, the ban list (when the ban is also written there), the job runner. */
type CrossRoomCaps = PowerFactsCaps & TargetCaps & RuleWriterCaps & { jobs: JobStarter };

function listForRule(ctx: CapabilityContext<CrossRoomCaps>, op: Op): string {
  if (op !== "ban") throw ApiError.badRequest("Only a ban can also be added to the ban list.", "addToBanList").saying("onlyBanToList");
  return ownList(ctx.caps);
}

export const CROSS_ROOM_JOB = "moderation.cross-room";

type Op = CrossRoomOp;
type Item = CrossRoomItem;
type Params = { op: Op; user: string; reason: string | null; limitPerRoom?: number };

const WANTS_MEMBERSHIP: Record<Op, (m: string | null) => boolean> = {
  ban: (m) => m !== "ban",
  unban: (m) => m === "ban",
  kick: (m) => m === "join" || m === "invite" || m === "knock",
  redact: () => true,
};

/** The membership check and the four moderation writes; nothing else of the app. */
export type CrossRoomJobCaps = { bot: Pick<Bot, "membershipOf" | "banUser" | "unbanUser" | "kickUser" | "recentEvents" | "redactEvent"> };

async function redactRecent(bot: CrossRoomJobCaps["bot"], room: string, user: string, limit: number, txnPrefix: string): Promise<number> {
  const events = await bot.recentEvents(room, { limit, filter: { senders: [user], not_types: ["m.room.member", "m.room.redaction"] } });
  let redacted = 0;
  for (const event of events) {
    if (event.state_key !== undefined || Object.keys(event.content).length === 0) continue;
    // A transaction id per event makes a replayed redaction a no-op.
    await bot.redactEvent(room, event.event_id, { txnId: `${txnPrefix}-${event.event_id}`, reason: "Removed by moderators" });
    redacted++;
  }
  return redacted;
}

export const crossRoomJob = defineJobKind<Params, Item, CrossRoomJobCaps>({
  kind: CROSS_ROOM_JOB,
  concurrency: 3,
  capabilities: (app) => ({ bot: app.bot }),
  async runItem(ctx, params, item) {
    if (item.data.skip) return { state: "skipped", message: item.data.skipCode ? said(item.data.skipCode, item.data.skip, item.data.skipParams) : item.data.skip };
    const { bot } = ctx.caps;
    const { room } = item.data;
    try {
      const membership = await bot.membershipOf(room, params.user);
      if (!WANTS_MEMBERSHIP[params.op](membership)) return { state: "skipped", message: said("itemNothingToDo", `nothing to do (membership: ${membership ?? "none"})`, { membership: membership ?? "none" }) };
      const reason = params.reason ?? undefined;
      if (params.op === "ban") await bot.banUser(params.user, room, reason);
      else if (params.op === "unban") await bot.unbanUser(params.user, room);
      else if (params.op === "kick") await bot.kickUser(params.user, room, reason);
      else return { state: "done", result: { redacted: await redactRecent(bot, room, params.user, params.limitPerRoom ?? 50, `dash-redact-${ctx.job.id}`) } };
      return { state: "done" };
    } catch (err) {
      const failure = describeMatrixFailure(err, `${params.op} in ${room}`);
      if (transientFailure(err)) throw failure;
      return { state: "failed", message: failure.said ?? failure.message };
    }
  },
});

const CHECKS: Record<Op, (facts: Awaited<ReturnType<typeof powerFacts>>) => Verdict> = {
  ban: mayBan,
  unban: mayBan,
  kick: mayKick,
  redact: (f) => {
    const needed = f.powerLevels?.redact ?? 50;
    return f.botLevel < needed ? { ok: false, by: "bot", reason: `the bot cannot redact here (needs ${needed})` } : mayKick({ ...f, powerLevels: { ...f.powerLevels, kick: 0 } });
  },
};

function crossRoomAction(op: Op, summary: string) {
  return defineAction({
    name: `moderation.${op}`,
    family: "moderation",
    permission: "moderator",
    summary,
    input: (op === "redact" ? RedactInput : CrossRoomInput) as typeof RedactInput,
    example: { user: "@troll:example.org", targets: { kind: "rooms", rooms: ["!abc:example.org"] }, reason: "spam" },
    capabilities: (app): CrossRoomCaps => ({ bot: app.bot, moderators: app.moderators, rooms: app.rooms, store: app.store, rules: policyRules(app), jobs: app.jobs }),
    async plan(ctx, input): Promise<CrossRoomPlan> {
      const rooms = await resolveTargets(ctx.caps, input.targets);
      if (input.user === ctx.caps.bot.userId) throw ApiError.badRequest("The dashboard's bot cannot act on itself.", "user").saying("botNotOnItself");
      const items: Item[] = [];
      for (const room of rooms) {
        const verdict = CHECKS[op](await powerFacts(ctx, room, input.user));
        if (!verdict.ok && verdict.by === "moderator") {
          throw ApiError.forbidden(verdict.reason, "Moderators cannot act against moderators at or above their own level.").saying(verdict.code, verdict.params);
        }
        items.push(verdict.ok ? { room } : { room, skip: verdict.reason, ...(verdict.code ? { skipCode: verdict.code, skipParams: verdict.params } : {}) });
      }
      const banList = (input as CrossRoomInputT).addToBanList ? listForRule(ctx, op) : undefined;
      return { op, user: input.user, rooms: items, count: items.filter((i) => !i.skip).length, skipped: items.filter((i) => i.skip), ...(banList ? { banList } : {}) };
    },
    async apply(ctx, plan, input: CrossRoomInputT & { limitPerRoom?: number }) {
      // The rule is written before the bans: after a crash in between, the next enforcement applies it.
      if (plan.banList) await writeRule(ctx.caps, { kind: "user", entity: input.user, reason: input.reason ?? "" });
      const { snapshot } = ctx.caps.jobs.submit({
        kind: CROSS_ROOM_JOB,
        actor: ctx.actor.id,
        actorKind: ctx.actor.kind,
        params: { op, user: input.user, reason: input.reason ?? null, limitPerRoom: input.limitPerRoom } satisfies Params,
        items: plan.rooms.map((r) => ({ key: r.room, data: r })),
        idempotencyKey: input.idempotencyKey ? `${op}:${input.idempotencyKey}` : undefined,
      });
      return { jobId: snapshot.id, rooms: plan.count };
    },
    target: (input, plan) => `${input.user} in ${plan.rooms.length} rooms`,
    targetParams: (input, plan) => ({ user: input.user, count: plan.rooms.length }),
  });
}

export const banEverywhere = crossRoomAction("ban", "Ban a user from many rooms");
export const unbanEverywhere = crossRoomAction("unban", "Lift a user's ban in many rooms");
export const kickEverywhere = crossRoomAction("kick", "Remove a user from many rooms");
export const redactEverywhere = crossRoomAction("redact", "Redact a user's recent messages in many rooms");
