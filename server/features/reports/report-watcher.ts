import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { eventReportPage, isServerAdmin, type EventReport } from "../../kernel/matrix/admin.ts";
import { getSetting, setSetting } from "../../kernel/store/settings.ts";
import { postNotice } from "../../kernel/runtime/moderator-notices.ts";
import { managedRoomIds } from "./scope.ts";

const CURSOR_KEY = "reports_notice_cursor";
/** Newest reports read per look; a wave larger than this is summarised, not announced one by one. */
const PAGE = 50;
/** Notices per look at most; the rest are counted in one line. */
const NOTICES_PER_LOOK = 5;

export type Clock = { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
const realClock: Clock = {
  now: Date.now,
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export type WatchResult =
  | { looked: false; reason: string }
  | { looked: true; cursor: number; announced: number[]; summarised: number };

const matrixTo = (roomId: string, eventId: string) => `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}`;

export function reportNotice(r: EventReport, prefix: string): string {
  const room = r.roomName ?? r.roomAlias ?? r.roomId;
  return `🚩 New report ${r.id}: ${r.reporter} reported a message from ${r.sender} in ${room}${r.reason ? `: “${r.reason}”` : ""}. ${matrixTo(r.roomId, r.eventId)} · \`${prefix} reports\` lists open ones.`;
}

/**
 * What a look finds: reports newer than the cursor about managed rooms, oldest first, at most
 * `max` to announce one by one and a count of the rest. The first look only sets the cursor:
 * reports from before the dashboard watched are in the inbox, not re-announced.
 */
export function newReports(page: EventReport[], cursor: number | null, managed: Set<string>, max: number): { announce: EventReport[]; more: number; cursor: number } {
  const newest = page.reduce((m, r) => Math.max(m, r.id), cursor ?? -1);
  if (cursor === null) return { announce: [], more: 0, cursor: newest };
  const fresh = page.filter((r) => r.id > cursor && managed.has(r.roomId)).sort((a, b) => a.id - b.id);
  return { announce: fresh.slice(0, max), more: Math.max(0, fresh.length - max), cursor: newest };
}

/**
 * Synapse pushes no reports, so the dashboard looks every REPORTS_POLL_SECONDS and posts one
 * notice per new report in the moderator room. The cursor (the newest report ID seen) is stored,
 * so a restart neither repeats nor skips one; each notice's transaction ID is the report's, so a
 * crash between posting and storing the cursor posts it once. Off while the bot is no server admin.
 */
export class ReportWatcher {
  private readonly app: AppContext;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private timer: unknown;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(app: AppContext, logger: Logger, o: { intervalMs: number; clock?: Clock }) {
    this.app = app;
    this.logger = logger.child({ module: "report-watcher" });
    this.intervalMs = o.intervalMs;
    this.clock = o.clock ?? realClock;
  }

  start(): void {
    if (this.intervalMs > 0) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.running = this.lookOnce()
        .catch((err) => this.logger.warn({ err }, "looking for new reports failed"))
        .finally(() => this.schedule(this.intervalMs));
    }, ms);
  }

  cursor(): number | null {
    const stored = getSetting(this.app.store.db, CURSOR_KEY);
    return stored === undefined ? null : Number(stored);
  }

  async lookOnce(): Promise<WatchResult> {
    if (!(await isServerAdmin(this.app.bot))) return { looked: false, reason: "the bot is not a server admin" };
    const { reports } = await eventReportPage(this.app.bot, 0, PAGE);
    const cursor = this.cursor();
    // The room index is brought up to date only when there is something new to place.
    const anyNew = cursor !== null && reports.some((r) => r.id > cursor);
    const found = newReports(reports, cursor, anyNew ? await managedRoomIds(this.app) : new Set(), NOTICES_PER_LOOK);
    const prefix = this.app.config.commandPrefix;
    for (const r of found.announce) {
      // Reports matter even where routine notices are off.
      await postNotice(this.app, reportNotice(r, prefix), { force: true, txnId: `dash-report-notice-${r.id}` });
      setSetting(this.app.store.db, CURSOR_KEY, String(r.id));
    }
    if (found.more > 0) {
      await postNotice(this.app, `🚩 ${found.more} more new report${found.more === 1 ? "" : "s"}: \`${prefix} reports\` lists them.`, { force: true, txnId: `dash-report-notice-more-${found.cursor}` });
    }
    setSetting(this.app.store.db, CURSOR_KEY, String(found.cursor));
    return { looked: true, cursor: found.cursor, announced: found.announce.map((r) => r.id), summarised: found.more };
  }
}
