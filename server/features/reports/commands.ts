import { defineCommand, UsageError } from "../../kernel/commands/command-spec.ts";
import { actionCommand } from "../../kernel/commands/action-command.ts";
import { restText } from "../../kernel/commands/arguments.ts";
import { blocks, bold, code, link, list, quote, rich, type Rich } from "../../kernel/commands/rich-text.ts";
import { ReportListQuery, type ReportSummary } from "../../../shared/reports.ts";
import type { Caller } from "../../kernel/runtime/define-action.ts";
import { reportInbox } from "./read-reports.ts";

const SHOWN = 10;
const matrixTo = (r: ReportSummary) => `https://matrix.to/#/${encodeURIComponent(r.roomId)}/${encodeURIComponent(r.eventId)}`;

function reportLine(r: ReportSummary): Rich {
  const room = r.roomName ?? r.roomAlias ?? r.roomId;
  const times = r.reportsOfEvent > 1 ? ` (reported ${r.reportsOfEvent} times)` : "";
  return rich`${bold(`#${r.id}`)} ${r.sender} in ${link(matrixTo(r), room)}${times}, by ${r.reporter} ${r.receivedAt.slice(0, 16).replace("T", " ")}${r.reason ? `: “${r.reason}”` : ""}`;
}

export const reports = defineCommand({
  name: ["reports"],
  usage: "[@sender]",
  summary: "Open reports from members (newest first), optionally only those about one person's messages",
  capabilities: (app) => ({ reportInbox: (caller: Caller, query: ReportListQuery) => reportInbox({ ...caller, app }, query) }),
  async run(ctx, { words }) {
    const query = ReportListQuery.parse({ limit: SHOWN, ...(words[0] ? { sender: words[0] } : {}) });
    const inbox = await ctx.caps.reportInbox(ctx.caller, query);
    if (!inbox.available) return void (await ctx.reply(rich`⚠️ ${inbox.reason} ${inbox.fix}`));
    const p = ctx.prefix;
    await ctx.reply(
      blocks(
        `${inbox.total} open report${inbox.total === 1 ? "" : "s"}${inbox.scope === "all" ? " (all rooms on the server: you are a community admin)" : " about the community's rooms"}.`,
        inbox.reports.length > 0 && list(inbox.reports.map(reportLine)),
        inbox.total > inbox.reports.length && `Showing the newest ${inbox.reports.length}; the dashboard's Reports screen has them all.`,
        inbox.reports.length > 0 &&
          rich`Act on one: ${code(`${p} report redact <id>`)}, ${code(`${p} report warn <id> [message…]`)}, ${code(`${p} report dismiss <id>`)}, ${code(`${p} ban @user`)}, ${code(`${p} user @user`)}.`,
      ),
    );
  },
});

function reportId(words: string[]): number {
  const id = Number((words[0] ?? "").replace(/^#/, ""));
  if (!words[0] || !Number.isInteger(id) || id < 0) throw new UsageError("Give the report's number, as `reports` lists it (e.g. 12).");
  return id;
}

export const dismiss = actionCommand({
  name: ["report", "dismiss"],
  usage: "<id>",
  summary: "Dismiss a report",
  action: "reports.dismiss",
  input: (_ctx, { words }) => ({ reportId: reportId(words) }),
  describeResult: ({ plan }) => rich`✅ Report ${(plan as { report: ReportSummary }).report.id} dismissed.`,
});

export const redact = actionCommand({
  name: ["report", "redact"],
  usage: "<id> [reason…]",
  summary: "Remove the reported message",
  action: "reports.redact",
  confirm: true,
  input: (_ctx, { words }) => ({ reportId: reportId(words), ...(restText(words.slice(1)) ? { reason: restText(words.slice(1)) } : {}) }),
  describePlan: (plan: { report: ReportSummary; reason: string }) => blocks(rich`🧹 Remove ${plan.report.sender}'s message in ${plan.report.roomName ?? plan.report.roomId}, with the reason:`, quote(plan.reason)),
  describeResult: ({ plan }) => rich`🧹 Removed the message of report ${(plan as { report: ReportSummary }).report.id}.`,
});

export const warn = actionCommand({
  name: ["report", "warn"],
  usage: "<id> [message…]",
  summary: "Warn the sender: a reply to the reported message in its room, mentioning only them",
  action: "reports.warn",
  confirm: true,
  input: (ctx, { words }) => ({ reportId: reportId(words), idempotencyKey: ctx.idempotencyKey, ...(restText(words.slice(1)) ? { message: restText(words.slice(1)) } : {}) }),
  describePlan: (plan: { report: ReportSummary; message: string }) => blocks(rich`⚠️ Reply in ${plan.report.roomName ?? plan.report.roomId} to ${plan.report.sender}'s message:`, quote(plan.message)),
  describeResult: ({ plan }) => rich`⚠️ Warned ${(plan as { report: ReportSummary }).report.sender}.`,
});
