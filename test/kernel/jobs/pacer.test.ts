import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Pacer } from "../../../server/kernel/jobs/pacer.ts";

/** Synapse's limiter as its docs describe it: a bucket of `burst` tokens refilled at `perSecond`. */
function tokenBucket(perSecond: number, burst: number) {
  let tokens = burst;
  let last = Date.now();
  return {
    /** Takes a token, or answers how long until one is free (retry_after_ms). */
    take(): number | null {
      const now = Date.now();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return null;
      }
      return Math.ceil(((1 - tokens) / perSecond) * 1000);
    },
  };
}

/** A job of `items` sends through `workers` workers paced by one Pacer, as the job runner does (server/kernel/jobs/runner.ts). */
async function runJob(items: number, workers: number, limiter: ReturnType<typeof tokenBucket>, latencyMs: number) {
  const pacer = new Pacer(workers);
  let left = items;
  let refusals = 0;
  const worker = async () => {
    while (left > 0) {
      left--;
      // As the bot's retry wrapper does inside one item: a refusal pauses, then the same call retries.
      await pacer.acquire();
      for (;;) {
        await new Promise((r) => setTimeout(r, latencyMs));
        const wait = limiter.take();
        if (wait === null) break;
        refusals++;
        await pacer.pause(wait);
      }
      pacer.release(true);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return refusals;
}

describe("Pacer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("learns the limiter's pace: 30 messages at 2/s with a burst of 5 meet few refusals, not one per message", async () => {
    const job = runJob(30, 4, tokenBucket(2, 5), 20);
    await vi.runAllTimersAsync();
    const refusals = await job;
    // Holding to one at a time without a learned pace, this was 28 (one per message past the burst, and the herd).
    expect(refusals).toBeGreaterThan(0);
    // The four items in flight when the burst runs out are refused together; after that a handful.
    expect(refusals).toBeLessThanOrEqual(10);
  });

  it("takes no longer than the limiter allows: the 25 messages past the burst need about 12.5 s", async () => {
    const start = Date.now();
    const job = runJob(30, 4, tokenBucket(2, 5), 20);
    await vi.runAllTimersAsync();
    await job;
    const took = Date.now() - start;
    expect(took).toBeGreaterThanOrEqual(12_000);
    expect(took).toBeLessThan(12_500 * 1.35);
  });

  it("runs unpaced at full width when nothing is refused", async () => {
    const start = Date.now();
    const job = runJob(40, 4, tokenBucket(1000, 1000), 20);
    await vi.runAllTimersAsync();
    expect(await job).toBe(0);
    // 40 items, 4 at a time, 20 ms each: 200 ms of (fake) time.
    expect(Date.now() - start).toBe(200);
  });
});
