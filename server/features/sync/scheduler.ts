import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { SYNC_JOB } from "./apply-job.ts";
import { runAutomaticSync } from "./auto-sync.ts";

const FIRST_RUN_DELAY_MS = 30_000;

export type ScheduledRun =
  | { ran: false; reason: string }
  | { ran: true; scope: "full" | "changed"; changes: number; jobId: string | null; planId: string; heldBecause: string | null };

/**
 * Every AUTHENTIK_SYNC_INTERVAL_MINUTES: the people changed since the cursor (a full scan when one is
 * due, the filter is missing, or a mapping changed), applied when the automatic-apply policy allows,
 * else held for a moderator and announced.
 */
export class SyncScheduler {
  private readonly app: AppContext;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(app: AppContext, logger: Logger) {
    this.app = app;
    this.logger = logger.child({ module: "authentik-sync" });
  }

  start(): void {
    const minutes = this.app.config.authentik?.syncIntervalMinutes ?? 0;
    if (minutes > 0) this.schedule(Math.min(FIRST_RUN_DELAY_MS, minutes * 60_000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => this.schedule(this.app.config.authentik!.syncIntervalMinutes * 60_000));
    }, ms);
    this.timer.unref();
  }

  async runOnce(): Promise<ScheduledRun> {
    const config = this.app.config.authentik;
    if (!config) return { ran: false, reason: "Authentik is not configured" };
    if (this.app.jobs.store.unfinished().some((j) => j.kind === SYNC_JOB)) return { ran: false, reason: "the previous sync is still being applied" };
    const store = this.app.syncStore;
    const lastFull = store.lastFullScanAt();
    const scope = !lastFull || Date.now() - Date.parse(lastFull) > config.fullScanHours * 3_600_000 ? "full" : "changed";
    try {
      const res = await runAutomaticSync(this.app, this.logger, "authentik-schedule", { scope });
      const changes = res.applied?.changes ?? res.plan.total;
      const jobId = res.applied?.jobId ?? null;
      if (!res.applied && !res.heldBecause) store.setLastRun({ at: new Date().toISOString(), scope: res.plan.scope, changes, jobId, error: null, planId: res.plan.planId });
      this.logger.info({ scope: res.plan.scope, read: res.plan.read, changes, jobId, planId: res.plan.planId, heldBecause: res.heldBecause }, "scheduled Authentik sync");
      return { ran: true, scope, changes, jobId, planId: res.plan.planId, heldBecause: res.heldBecause };
    } catch (err) {
      const message = (err as Error).message;
      store.setLastRun({ at: new Date().toISOString(), scope, changes: 0, jobId: null, error: message });
      this.logger.warn({ err }, "scheduled Authentik sync failed");
      return { ran: false, reason: message };
    }
  }
}
