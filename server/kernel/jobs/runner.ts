import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { JobSnapshot } from "../../../shared/jobs.ts";
import { ApiError } from "../errors/api-error.ts";
import { describeMatrixFailure, HomeserverFailure, transientFailure } from "../errors/homeserver-failure.ts";
import type { JobKindOf } from "./job-kind-shape.ts";
import { JobStore, type NewJob, type StoredItem } from "./job-store.ts";
import { rateLimitWatch } from "../matrix/retry.ts";
import { Pacer } from "./pacer.ts";
import { said, saidBecause, textOf, type Said } from "../../../shared/said.ts";

const MAX_TRANSIENT_WAIT_MS = 30_000;
/** How long a job keeps waiting for an unreachable homeserver before it gives up. */
const GIVE_UP_AFTER_MS = 60 * 60_000;

type Transient = { waitMs: number; reason: Said | string; rateLimited: boolean };

/** How long to wait before trying a transient failure's item again (see transientFailure). */
function transient(err: unknown, attempt: number): Transient | undefined {
  const failure = transientFailure(err);
  if (!failure) return undefined;
  if (failure.code === "rate_limited") {
    return { waitMs: failure.retryAfterMs ?? Math.min(1000 * 2 ** attempt, MAX_TRANSIENT_WAIT_MS), reason: failure.said ?? failure.message, rateLimited: true };
  }
  const reason = saidBecause("jobRetrying", `${failure.message}; retrying`, {}, failure.said ?? failure.message);
  return { waitMs: Math.min(500 * 2 ** attempt, MAX_TRANSIENT_WAIT_MS), reason, rateLimited: false };
}

/**
 * Durable job runner: jobs and items live in the store, progress is persisted per item, jobs resume
 * by themselves after a restart, and every change is published for the widget (server-sent events).
 */
export class JobRunner<App> {
  readonly store: JobStore;
  readonly events = new EventEmitter();
  private readonly kinds = new Map<string, JobKindOf<App>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly cancelled = new Set<string>();
  /** Aborts rate-limit waits inside a job's requests when it is cancelled or the runner stops. */
  private readonly aborters = new Map<string, AbortController>();
  private app: App | undefined;
  private readonly logger: Logger;
  private stopping = false;
  private readonly sleepers = new Set<() => void>();

  constructor(store: JobStore, logger: Logger) {
    this.store = store;
    this.logger = logger.child({ module: "jobs" });
    this.events.setMaxListeners(0);
  }

  register(kind: JobKindOf<App>): void {
    this.kinds.set(kind.kind, kind);
  }

  /** Binds the app context and resumes every job a previous process left unfinished. */
  start(app: App): void {
    this.app = app;
    for (const job of this.store.unfinished()) this.launch(job.id);
  }

  submit(job: NewJob): { snapshot: JobSnapshot; created: boolean } {
    if (!this.kinds.has(job.kind)) throw new Error(`unknown job kind ${job.kind}`);
    const res = this.store.create(job);
    if (res.created) this.launch(res.snapshot.id);
    return res;
  }

  get(id: string): JobSnapshot {
    const job = this.store.get(id);
    if (!job) throw ApiError.notFound(`No job ${id}.`, "List jobs with GET /api/jobs.").saying("jobNotFound", { id });
    return job;
  }

  cancel(id: string): JobSnapshot {
    const job = this.get(id);
    if (job.state === "done" || job.state === "failed" || job.state === "cancelled") {
      throw ApiError.conflict(`Job ${id} has already ${job.state === "done" ? "finished" : job.state}.`).saying("jobAlreadyOver", { id, state: job.state });
    }
    this.cancelled.add(id);
    this.aborters.get(id)?.abort();
    this.wakeAll();
    if (!this.running.has(id)) this.finishCancelled(id);
    return this.get(id);
  }

  /** Resolves when the job is no longer running in this process. */
  async settled(id: string): Promise<JobSnapshot> {
    await this.running.get(id);
    return this.get(id);
  }

  /** Stops picking new items; items in flight finish. Unfinished jobs resume at the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const aborter of this.aborters.values()) aborter.abort();
    this.wakeAll();
    await Promise.allSettled([...this.running.values()]);
  }

  private launch(id: string): void {
    if (this.running.has(id) || !this.app) return;
    const run = this.run(id)
      .catch((err) => {
        this.logger.error({ err, job: id }, "job runner failed");
        const text = `Internal error: ${(err as Error).message}`;
        // Giving up on a homeserver that stayed away names its cause; anything else is a failure of ours.
        const cause = (err as { waitedFor?: Said | string }).waitedFor;
        this.store.setState(id, "failed", cause ? saidBecause("jobGaveUp", text, {}, cause) : said("jobInternalError", text, { message: (err as Error).message }));
        this.publish(id);
      })
      .finally(() => {
        this.running.delete(id);
        this.aborters.delete(id);
      });
    this.running.set(id, run);
  }

  private publish(id: string): void {
    const snapshot = this.store.get(id);
    if (snapshot) this.events.emit("job", snapshot);
  }

  private finishCancelled(id: string): void {
    this.store.skipPending(id, said("itemCancelled", "cancelled"));
    this.store.setState(id, "cancelled", said("jobCancelled", "Cancelled by a moderator."));
    this.cancelled.delete(id);
    this.publish(id);
  }

  private async run(id: string): Promise<void> {
    const app = this.app!;
    const job = this.store.get(id)!;
    const kind = this.kinds.get(job.kind);
    if (!kind) {
      this.store.setState(id, "failed", said("jobKindUnknown", `No handler for job kind ${job.kind} in this version.`, { kind: job.kind }));
      return this.publish(id);
    }
    // Once per run of this job in this process (see `capabilities` in job-kind-shape.ts).
    const caps = kind.capabilities(app);
    const params = this.store.params(id);
    this.store.setState(id, "running");
    this.publish(id);
    const queue: StoredItem[] = this.store.pendingItems(id);
    const aborter = new AbortController();
    this.aborters.set(id, aborter);
    let waitingSince: number | undefined;
    const pacer = new Pacer(kind.concurrency);
    const onWait = (waitMs: number) => {
      waitingSince ??= Date.now();
      const seconds = Math.ceil(waitMs / 1000);
      this.store.setState(id, "waiting", said("jobRateLimited", `the homeserver's rate limit was hit; retrying in ${seconds} s`, { seconds }));
      this.publish(id);
    };
    const pause = (waitMs: number) => pacer.pause(waitMs, aborter.signal);
    const halted = () => this.stopping || this.cancelled.has(id);

    const worker = async () => {
      while (queue.length && !halted()) {
        const item = queue.shift()!;
        for (let attempt = 0; ; attempt++) {
          if (halted()) {
            queue.unshift(item);
            return;
          }
          await pacer.acquire(aborter.signal);
          if (halted()) {
            pacer.release(false);
            queue.unshift(item);
            return;
          }
          this.store.countAttempt(id, item.seq);
          try {
            const outcome = await rateLimitWatch.run({ onWait, pause, signal: aborter.signal }, () =>
              kind.runItem({ caps, logger: this.logger, job: this.store.get(id)! }, params, { ...item, attempts: item.attempts + attempt }),
            );
            pacer.release(true);
            this.store.finishItem(id, item.seq, outcome.state, outcome.message ?? null, outcome.result);
            if (waitingSince !== undefined) {
              waitingSince = undefined;
              this.store.setState(id, "running");
            }
            break;
          } catch (err) {
            pacer.release(false);
            const wait = transient(err, attempt);
            if (wait?.rateLimited) pacer.rateLimited(wait.waitMs);
            if (!wait) {
              const failure = err instanceof ApiError || err instanceof HomeserverFailure ? err : describeMatrixFailure(err);
              this.store.finishItem(id, item.seq, "failed", failure.said ?? failure.message, undefined);
              break;
            }
            // Cancelled while this item's request was out: its failure (often the aborted wait itself)
            // must not start a new sleep, which the cancel's wake-up came too early to end.
            if (halted()) {
              queue.unshift(item);
              return;
            }
            waitingSince ??= Date.now();
            if (Date.now() - waitingSince > GIVE_UP_AFTER_MS) throw Object.assign(new Error(`gave up after waiting an hour: ${textOf(wait.reason)}`), { waitedFor: wait.reason });
            this.store.setState(id, "waiting", wait.reason);
            this.publish(id);
            await this.sleep(wait.waitMs);
          }
        }
        this.publish(id);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, kind.concurrency) }, worker));

    if (this.cancelled.has(id)) return this.finishCancelled(id);
    if (this.stopping) return;
    const final = this.store.get(id)!;
    const failed = { count: final.failed, total: final.total };
    this.store.setState(id, "done", final.failed ? said("jobSomeFailed", `${final.failed} of ${final.total} failed.`, failed) : null);
    await kind.onFinished?.({ caps, logger: this.logger, job: this.store.get(id)! }, params).catch((err) =>
      this.logger.warn({ err, job: id }, "job finish hook failed"),
    );
    this.publish(id);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
