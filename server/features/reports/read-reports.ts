import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { ActionContext, Actor } from "../../kernel/runtime/define-action.ts";
import { eventReport, eventReportPage, isServerAdmin, type EventReport, type EventReportFilter } from "../../kernel/matrix/admin.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import type { ReportDetail, ReportInbox, ReportListQuery, ReportSummary, UserHistory } from "../../../shared/reports.ts";
import { reportScope, summary, visibleReports, type ReportScope } from "./scope.ts";
import { describeReportedEvent } from "./reported-event.ts";

/** At most this many open reports are read per look (newest first); a backlog beyond it says so. */
export const REPORTS_READ_LIMIT = 2000;
const PAGE = 500;

export const NOT_ADMIN = {
  reason: "Reports need the bot to be a server admin: Synapse shows members' reports only through its admin API, and does not send them anywhere else.",
  fix: "Make the bot a server admin (see `npm run doctor`); until then, reports reach only the homeserver's admins.",
};

export async function requireReportsApi(app: AppContext): Promise<void> {
  if (!(await isServerAdmin(app.bot))) throw ApiError.forbidden(NOT_ADMIN.reason, NOT_ADMIN.fix).saying("reportsNeedServerAdmin");
}

/** Open reports, newest first, up to REPORTS_READ_LIMIT. */
export async function readOpenReports(app: AppContext, filter: EventReportFilter = {}): Promise<{ reports: EventReport[]; truncated: boolean }> {
  const reports: EventReport[] = [];
  let from: number | undefined = 0;
  try {
    while (from !== undefined && reports.length < REPORTS_READ_LIMIT) {
      const page = await eventReportPage(app.bot, from, Math.min(PAGE, REPORTS_READ_LIMIT - reports.length), filter);
      reports.push(...page.reports);
      from = page.reports.length ? page.next : undefined;
    }
  } catch (err) {
    throw describeMatrixFailure(err, "reading reports through the admin API");
  }
  return { reports, truncated: from !== undefined };
}

export async function reportInbox(ctx: ActionContext, query: ReportListQuery): Promise<ReportInbox> {
  const { app, actor } = ctx;
  if (!(await isServerAdmin(app.bot))) return { available: false, ...NOT_ADMIN };
  const [{ reports, truncated }, scope] = await Promise.all([readOpenReports(app, { sender: query.sender, roomId: query.roomId }), reportScope(app, actor)]);
  const visible = visibleReports(reports, scope);
  return {
    available: true,
    scope: scope.all ? "all" : "managed",
    total: visible.length,
    reports: visible.slice(query.offset, query.offset + query.limit),
    truncated,
  };
}

/**
 * One report the caller may see, or 404: a moderator asking for a report outside the community
 * learns nothing about it, not even that it exists.
 */
export async function visibleReport(app: AppContext, actor: Actor, id: number): Promise<{ report: ReportSummary; event: Record<string, unknown> | null; scope: ReportScope }> {
  await requireReportsApi(app);
  let found: Awaited<ReturnType<typeof eventReport>>;
  try {
    found = await eventReport(app.bot, id);
  } catch (err) {
    if ((err as { errcode?: string }).errcode === "M_NOT_FOUND") throw notFound(id);
    throw describeMatrixFailure(err, `reading report ${id}`);
  }
  const scope = await reportScope(app, actor);
  if (!scope.all && !scope.managed.has(found.roomId)) throw notFound(id);
  const managed = scope.managed.has(found.roomId);
  const [sameEvent, event] = await Promise.all([
    readOpenReports(app, { roomId: found.roomId }).then(({ reports }) => reports.filter((r) => r.eventId === found.eventId).length),
    managed ? eventNow(app, found.roomId, found.eventId, found.event) : found.event,
  ]);
  return { report: summary(found, Math.max(sameEvent, 1), managed), event, scope };
}

/**
 * The event as the room shows it now, read as the bot: Synapse's report keeps the original JSON
 * even after a redaction, so only the room says whether the message was removed. Falls back to the
 * stored copy when the bot cannot see it.
 */
async function eventNow(app: AppContext, roomId: string, eventId: string, stored: Record<string, unknown> | null): Promise<Record<string, unknown> | null> {
  try {
    return await app.bot.getEvent(roomId, eventId);
  } catch {
    return stored;
  }
}

const notFound = (id: number) => ApiError.notFound(`There is no open report ${id} you can see (it may have been dismissed).`).saying("reportNotFound", { id });

/** What the community knows of a person: audit entries naming them, open reports about their messages, matching ban-list rules. */
export async function userHistory(app: AppContext, scope: ReportScope, userId: string, options: { except?: number; reportsReadable: boolean }): Promise<UserHistory> {
  const byId = new Map([...app.audit.list({ target: userId, limit: 50 }), ...app.audit.list({ actor: userId, limit: 50 })].map((r) => [r.id, r]));
  const audit = [...byId.values()].sort((a, b) => b.id - a.id).slice(0, 50);
  const reportsAgainst = options.reportsReadable
    ? visibleReports((await readOpenReports(app, { sender: userId })).reports, scope).filter((r) => r.id !== options.except)
    : [];
  const history: UserHistory = { audit, reportsAgainst };
  if (app.banLists) history.banListMatches = await app.banLists.matchesFor(app, userId);
  return history;
}

export async function reportDetail(ctx: ActionContext, id: number): Promise<ReportDetail> {
  const { app } = ctx;
  const { report, event, scope } = await visibleReport(app, ctx.actor, id);
  const encryption = app.bot.encryption;
  const [described, senderHistory] = await Promise.all([
    describeReportedEvent(report.roomId, event, {
      encryptionOn: encryption.on,
      encryptionOffReason: encryption.on ? undefined : encryption.reason,
      decrypt: (roomId, e) => app.bot.decrypt(roomId, e),
    }),
    userHistory(app, scope, report.sender, { except: report.id, reportsReadable: true }),
  ]);
  return { ...report, event: described, senderHistory };
}
