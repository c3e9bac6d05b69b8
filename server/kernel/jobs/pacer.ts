/**
 * How many of one job's items may talk to the homeserver at once.
 *
 * It starts at the job kind's concurrency. A rate-limit answer drops it to one and holds every
 * start until the homeserver's retry time. Once no refusal has come for twice the last wait, each
 * success adds one back. Without this, every worker wakes at the same retry time, one of them gets
 * the single free token and the rest are refused again: a herd of refused requests for every
 * message the limiter lets through.
 *
 * Holding to one at a time still meets the limiter on every message (send, refused, wait, send…),
 * so a refusal also teaches the pace: starts are spaced by the learned interval, which shrinks a
 * little with every success (to find the rate again) and grows a little with every refusal.
 * Past the sends already in flight when the limit is first met (refused together, since the limit
 * was unknown), a limited job then gets one refusal in four to ten messages, not one per message.
 * The steps are small on purpose: the pace swings around the limiter's rate, and every send spaced
 * wider than that rate is time lost (a 30 % step after each refusal left 82–93 % of the configured
 * rate against Synapse; these steps 94–97 %, with fewer refusals; `npm run bench -- announce`).
 */
const SHRINK = 0.98;
const GROW = 1.1;
/** Below this the learned pace is noise; the job runs unpaced again. */
const MIN_INTERVAL_MS = 5;

export class Pacer {
  private readonly max: number;
  private limit: number;
  private active = 0;
  private notBefore = 0;
  /** Learned spacing between starts since the last refusal; 0 = unpaced. */
  private interval = 0;
  /** The retry time of the last refusal (starts are also held by the pace, so notBefore cannot tell). */
  private refusedUntil = 0;
  /** Until then successes do not widen the limit: the limiter has just been met. */
  private quietUntil = 0;
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(max: number) {
    this.max = Math.max(1, max);
    this.limit = this.max;
  }

  /** Waits for a free slot (or for `signal`, after which the caller must check why it woke and release). */
  async acquire(signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted && (this.active >= this.limit || Date.now() < this.notBefore)) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          signal?.removeEventListener("abort", wake);
          resolve();
        };
        this.waiters.add(wake);
        signal?.addEventListener("abort", wake, { once: true });
        this.armTimer();
      });
    }
    this.active++;
    if (this.interval > 0) this.notBefore = Math.max(this.notBefore, Date.now() + this.interval);
  }

  release(succeeded: boolean): void {
    this.active--;
    if (succeeded && this.interval > 0) this.interval = this.interval * SHRINK < MIN_INTERVAL_MS ? 0 : this.interval * SHRINK;
    if (succeeded && this.limit < this.max && Date.now() >= this.quietUntil) this.limit++;
    this.wakeAll();
  }

  /** The homeserver refused with M_LIMIT_EXCEEDED: one at a time, nobody before `waitMs` from now. */
  rateLimited(waitMs: number): void {
    this.limit = 1;
    // Items already in flight are refused together: that is one meeting with the limiter, not several.
    const alreadyHeld = Date.now() < this.refusedUntil;
    this.refusedUntil = Math.max(this.refusedUntil, Date.now() + waitMs);
    this.interval = Math.max(waitMs, alreadyHeld ? this.interval : this.interval * GROW);
    this.notBefore = Math.max(this.notBefore, Date.now() + waitMs);
    this.quietUntil = Math.max(this.quietUntil, Date.now() + 2 * waitMs);
  }

  /** Gives the slot back while the homeserver's retry time passes, then waits for a slot again. */
  async pause(waitMs: number, signal?: AbortSignal): Promise<void> {
    this.rateLimited(waitMs);
    this.release(false);
    await this.acquire(signal);
  }

  private armTimer(): void {
    const wait = this.notBefore - Date.now();
    if (wait <= 0 || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAll();
    }, Math.ceil(wait));
    this.timer.unref();
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
