import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { JobSnapshot } from "../../../shared/jobs.ts";
import { editMessage, sendReply, type ReplyTarget } from "./replies.ts";
import { isFinished, jobProgressText } from "../../kernel/commands/job-text.ts";

/**
 * Edits share the bot's message rate limit (Synapse default: 10, then one every 5 s) with the
 * job's own messages, so a running job's message changes at most this often; the final state is
 * always shown at once.
 */
export const PROGRESS_EDIT_INTERVAL_MS = 10_000;

/** One message per job, posted when it starts and edited (m.replace) as it progresses. */
export class JobProgress {
  private readonly app: AppContext;
  private readonly logger: Logger;
  private readonly intervalMs: number;
  private readonly stops = new Set<() => void>();

  constructor(app: AppContext, logger: Logger, intervalMs = PROGRESS_EDIT_INTERVAL_MS) {
    this.app = app;
    this.logger = logger;
    this.intervalMs = intervalMs;
  }

  async follow(jobId: string, target: ReplyTarget, label?: string): Promise<void> {
    const { app } = this;
    let latest: JobSnapshot = app.jobs.get(jobId);
    let shown = "";
    let lastEditAt = 0;
    let timer: NodeJS.Timeout | undefined;
    let chain = Promise.resolve();
    let eventId: string | undefined;
    let stopped = false;

    const render = (job: JobSnapshot) => jobProgressText(job, isFinished(job) ? app.jobs.store.items(job.id, "failed") : [], label);
    const flush = () => {
      timer = undefined;
      const job = latest;
      chain = chain.then(async () => {
        const content = render(job);
        if (!eventId || content.text === shown) return;
        shown = content.text;
        lastEditAt = Date.now();
        await editMessage(app.bot, target.roomId, eventId, content).catch((err) =>
          this.logger.warn({ err, job: jobId }, "could not edit the job's progress message"),
        );
      });
    };
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      app.jobs.events.off("job", onJob);
      this.stops.delete(stop);
    };
    const react = () => {
      if (isFinished(latest)) {
        stop();
        flush();
      } else if (!timer) {
        timer = setTimeout(flush, Math.max(0, lastEditAt + this.intervalMs - Date.now()));
      }
    };
    const onJob = (job: JobSnapshot) => {
      if (job.id !== jobId || stopped) return;
      latest = job;
      // Before the message exists, the latest state is only kept; it is shown once the message is posted.
      if (eventId) react();
    };
    // Listen before posting, so nothing that happens meanwhile is missed.
    app.jobs.events.on("job", onJob);
    this.stops.add(stop);
    const first = render(latest);
    try {
      eventId = await sendReply(app.bot, target, first);
    } catch (err) {
      stop();
      throw err;
    }
    shown = first.text;
    lastEditAt = Date.now();
    latest = app.jobs.get(jobId);
    if (!stopped) react();
    await chain;
  }

  /** Stops following every job (server shutdown); messages keep their last content. */
  stop(): void {
    for (const stop of [...this.stops]) stop();
  }
}
