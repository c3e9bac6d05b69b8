import { defineAction, type Actor, type CapabilityContext } from "../../kernel/runtime/define-action.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { deleteEventReport } from "../../kernel/matrix/admin.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { mayRedact } from "../rooms/guardrails.ts";
import { powerFacts, type PowerFactsCaps } from "../rooms/power-facts.ts";
import {
  RedactReportedInput,
  ReportInput,
  WarnInput,
  type DismissResult,
  type RedactReportedPlan,
  type RedactReportedResult,
  type ReportActionPlan,
  type ReportSummary,
  type WarnPlan,
  type WarnResult,
} from "../../../shared/reports.ts";
import { visibleReport } from "./read-reports.ts";

/** The reports as actions see them (one the actor may see, Synapse's delete), the sender's levels, the bot's writes. */
type ReportCaps = PowerFactsCaps & {
  visibleReport(actor: Actor, id: number): ReturnType<typeof visibleReport>;
  deleteReport(id: number): ReturnType<typeof deleteEventReport>;
  bot: Pick<Bot, "redactEvent" | "isEncrypted" | "encryption" | "sendMessage">;
};

const reportCaps = (app: AppContext): ReportCaps => ({
  bot: app.bot,
  moderators: app.moderators,
  visibleReport: (actor, id) => visibleReport(app, actor, id),
  deleteReport: (id) => deleteEventReport(app.bot, id),
});

/** The audit target names the report, the sender and the room, so the sender's history finds it. */
const reportTarget = (report: ReportSummary) => `report ${report.id} · ${report.sender} in ${report.roomId}`;

/** Moderators leave reports about their peers' messages (at or above their level) to someone above them. */
async function checkSender(ctx: CapabilityContext<ReportCaps>, report: ReportSummary, forRedaction: boolean): Promise<void> {
  if (!report.managed) {
    if (forRedaction) throw ApiError.conflict("The bot is not in that room, so it cannot remove the message.", "A homeserver admin can remove it with Synapse's admin tools.").saying("reportBotNotInRoomRedact");
    return;
  }
  const verdict = mayRedact(await powerFacts(ctx, report.roomId, report.sender));
  if (!verdict.ok && (verdict.by === "moderator" || forRedaction)) throw ApiError.forbidden(verdict.reason).saying(verdict.code, verdict.params);
}

export const dismissReport = defineAction({
  name: "reports.dismiss",
  family: "reports",
  permission: "moderator",
  summary: "Dismiss a report (Synapse deletes it)",
  input: ReportInput,
  example: { reportId: 1 },
  capabilities: reportCaps,
  async plan(ctx, input): Promise<ReportActionPlan> {
    return { report: (await ctx.caps.visibleReport(ctx.actor, input.reportId)).report };
  },
  async apply(ctx, plan): Promise<DismissResult> {
    try {
      return { dismissed: await ctx.caps.deleteReport(plan.report.id) };
    } catch (err) {
      throw describeMatrixFailure(err, `dismissing report ${plan.report.id}`);
    }
  },
  target: (_input, plan) => reportTarget(plan.report),
});

export const redactReported = defineAction({
  name: "reports.redact",
  family: "reports",
  permission: "moderator",
  summary: "Remove a reported message",
  input: RedactReportedInput,
  example: { reportId: 1, reason: "spam" },
  capabilities: reportCaps,
  async plan(ctx, input): Promise<RedactReportedPlan> {
    const { report, event } = await ctx.caps.visibleReport(ctx.actor, input.reportId);
    await checkSender(ctx, report, true);
    const content = (event?.content ?? {}) as object;
    const alreadyRedacted = Boolean((event?.unsigned as { redacted_because?: unknown } | undefined)?.redacted_because) || Object.keys(content).length === 0;
    return { report, reason: input.reason || `Removed by moderators after a report${report.reason ? `: ${report.reason}` : ""}`, alreadyRedacted };
  },
  async apply(ctx, plan): Promise<RedactReportedResult> {
    if (plan.alreadyRedacted) return { redactionEventId: null };
    const { roomId, eventId } = plan.report;
    // The transaction id is the event's, so a repeated apply redacts once.
    try {
      return { redactionEventId: await ctx.caps.bot.redactEvent(roomId, eventId, { txnId: `dash-report-redact-${eventId}`, reason: plan.reason }) };
    } catch (err) {
      throw describeMatrixFailure(err, `removing ${eventId}`);
    }
  },
  target: (_input, plan) => reportTarget(plan.report),
});

/** The default warning: names the reason, never the reporter. */
export function defaultWarning(report: ReportSummary): string {
  return `${report.sender}: the moderators have looked at this message after a report${report.reason ? ` (“${report.reason}”)` : ""}. Please keep to the community's rules; repeated reports can lead to removal.`;
}

export const warnSender = defineAction({
  name: "reports.warn",
  family: "reports",
  permission: "moderator",
  summary: "Warn the sender of a reported message (a reply in the room that mentions only them)",
  input: WarnInput,
  example: { reportId: 1, message: "Please keep it civil." },
  capabilities: reportCaps,
  async plan(ctx, input): Promise<WarnPlan> {
    const { report } = await ctx.caps.visibleReport(ctx.actor, input.reportId);
    if (!report.managed) throw ApiError.conflict("The bot is not in that room, so it cannot post the warning there.").saying("reportBotNotInRoomWarn");
    await checkSender(ctx, report, false);
    const encryptedRoom = await ctx.caps.bot.isEncrypted(report.roomId);
    if (encryptedRoom && !ctx.caps.bot.encryption.on) {
      throw ApiError.conflict(`The room is encrypted and the bot's end-to-end encryption is off (${ctx.caps.bot.encryption.reason}), so it cannot post there.`, "Warn the person yourself.").saying("reportEncryptedWarn", { reason: ctx.caps.bot.encryption.reason });
    }
    const text = input.message ?? defaultWarning(report);
    return { report, message: text.startsWith(report.sender) ? text : `${report.sender}: ${text}`, encryptedRoom };
  },
  async apply(ctx, plan, input): Promise<WarnResult> {
    const { roomId, eventId, sender } = plan.report;
    const eventIdSent = await ctx.caps.bot.sendMessage(
      roomId,
      { msgtype: "m.notice", body: plan.message, "m.relates_to": { "m.in_reply_to": { event_id: eventId } } },
      // One warning per report and request: a retried apply lands once.
      { mentions: { user_ids: [sender] }, txnId: `dash-warn-${plan.report.id}-${input.idempotencyKey ?? "once"}` },
    );
    return { eventId: eventIdSent };
  },
  target: (_input, plan) => reportTarget(plan.report),
});
