import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { Actor } from "../../kernel/runtime/define-action.ts";
import type { EventReport } from "../../kernel/matrix/admin.ts";
import type { ReportSummary } from "../../../shared/reports.ts";

/** The rooms the dashboard manages: those the bot is in (spaces aside), as the directory lists them. */
export async function managedRoomIds(app: AppContext): Promise<Set<string>> {
  await app.rooms.refresh();
  return new Set(app.rooms.all().filter((r) => !r.isSpace).map((r) => r.roomId));
}

/** Community admins (ADMIN_POWER_LEVEL in the moderator room) read every report; moderators only the community's. */
export function seesAllReports(app: AppContext, actor: Actor): boolean {
  return actor.powerLevel >= app.moderators.thresholds.adminPowerLevel;
}

export type ReportScope = { all: boolean; managed: Set<string> };

export async function reportScope(app: AppContext, actor: Actor): Promise<ReportScope> {
  return { all: seesAllReports(app, actor), managed: await managedRoomIds(app) };
}

/**
 * The reports a caller may read, as the inbox shows them, newest first. A report about a DM or a
 * room outside the community is not a moderator's to read (it names the reporter and quotes the
 * message), so it is left out rather than shown redacted. Counts are over what the caller sees.
 */
export function visibleReports(reports: EventReport[], scope: ReportScope): ReportSummary[] {
  const shown = reports.filter((r) => scope.all || scope.managed.has(r.roomId));
  const perEvent = new Map<string, number>();
  for (const r of shown) perEvent.set(r.eventId, (perEvent.get(r.eventId) ?? 0) + 1);
  return shown
    .map((r) => summary(r, perEvent.get(r.eventId) ?? 1, scope.managed.has(r.roomId)))
    .sort((a, b) => b.id - a.id);
}

export function summary(r: EventReport, reportsOfEvent: number, managed: boolean): ReportSummary {
  return {
    id: r.id,
    eventId: r.eventId,
    roomId: r.roomId,
    roomName: r.roomName,
    roomAlias: r.roomAlias,
    reporter: r.reporter,
    sender: r.sender,
    reason: r.reason,
    score: r.score,
    receivedAt: new Date(r.receivedTs).toISOString(),
    reportsOfEvent,
    managed,
  };
}
