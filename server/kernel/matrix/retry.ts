import { AsyncLocalStorage } from "node:async_hooks";
import { describeMatrixFailure } from "../errors/homeserver-failure.ts";

/**
 * Lets whoever started a piece of work (a job item, say) hear that a request inside it is waiting
 * on the homeserver's rate limit, without threading a callback through every call.
 */
export const rateLimitWatch = new AsyncLocalStorage<{
  onWait: (waitMs: number) => void;
  signal?: AbortSignal;
  /** Waits out a rate limit in the caller's own way (a job paces all its items); sleeping is the default. */
  pause?: (waitMs: number) => Promise<void>;
}>();

export type RetryPolicy = {
  /** Attempts in all, including the first. */
  maxAttempts: number;
  /** A wait longer than this is not slept through: the rate-limit failure goes to the caller (a job reschedules). */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
  onRateLimited?: (waitMs: number) => void;
};

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, maxWaitMs: 30_000 };

/** Sleeps, or stops early when the surrounding work is cancelled. */
export const sleepFor = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });

/**
 * The one place that honours M_LIMIT_EXCEEDED: waits `retry_after_ms` (else attempt² × 100 ms)
 * and tries again. Timeouts and other errors are never retried blindly here.
 */
export async function withRateLimitRetry<T>(call: () => Promise<T>, policy: RetryPolicy = defaultRetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => sleepFor(ms, rateLimitWatch.getStore()?.signal));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if ((err as { errcode?: string })?.errcode !== "M_LIMIT_EXCEEDED" || attempt >= policy.maxAttempts) throw err;
      const wait = (err as { retryAfterMs?: number }).retryAfterMs ?? attempt * attempt * 100;
      if (wait > policy.maxWaitMs) throw describeMatrixFailure(err);
      policy.onRateLimited?.(wait);
      const watch = rateLimitWatch.getStore();
      watch?.onWait(wait);
      await (watch?.pause ? watch.pause(wait) : sleep(wait));
      if (watch?.signal?.aborted) throw describeMatrixFailure(err);
    }
  }
}
