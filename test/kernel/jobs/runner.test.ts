import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore } from "../../../server/kernel/store/db.ts";
import { JobRunner } from "../../../server/kernel/jobs/runner.ts";
import { JobStore } from "../../../server/kernel/jobs/job-store.ts";
import { defineJobKind } from "../../../server/kernel/runtime/job-kind.ts";
import { HomeserverFailure } from "../../../server/kernel/errors/homeserver-failure.ts";
import { withRateLimitRetry } from "../../../server/kernel/matrix/retry.ts";
import type { AppContext } from "../../../server/kernel/runtime/app-context.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";

const app = {} as AppContext;
/** These kinds use nothing of the app. */
type NoCaps = Record<string, never>;
const noCaps = (): NoCaps => ({});
const dataDir = () => mkdtempSync(path.join(os.tmpdir(), "dash-jobs-"));

function runnerOn(dir: string, kind: ReturnType<typeof defineJobKind>) {
  const store = openStore(dir);
  const runner = new JobRunner(new JobStore(store.db), silentLogger());
  runner.register(kind);
  return { runner, store };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `room-${i}`, data: { i } }));

describe("job runner", () => {
  it("runs every item once and records per-item results", async () => {
    const seen: number[] = [];
    const kind = defineJobKind<null, { i: number }, NoCaps>({
      kind: "t.count",
      concurrency: 3,
      capabilities: noCaps,
      runItem: async (_ctx, _p, item) => {
        seen.push(item.data.i);
        return item.data.i === 4 ? { state: "failed", message: "no permission" } : { state: "done", result: { ok: item.data.i } };
      },
    });
    const { runner } = runnerOn(dataDir(), kind);
    runner.start(app);
    const { snapshot } = runner.submit({ kind: "t.count", actor: "@mod:x", actorKind: "session", params: null, items: items(10) });
    const final = await runner.settled(snapshot.id);
    expect(final).toMatchObject({ state: "done", total: 10, done: 9, failed: 1, skipped: 0 });
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(runner.store.items(snapshot.id, "failed")).toEqual([expect.objectContaining({ key: "room-4", message: "no permission" })]);
  });

  it("resumes an unfinished job after a restart without redoing finished items", async () => {
    const dir = dataDir();
    const done: number[] = [];
    let stopAt = 5;
    const kind = defineJobKind<null, { i: number }, NoCaps>({
      kind: "t.resume",
      concurrency: 1,
      capabilities: noCaps,
      runItem: async (_ctx, _p, item) => {
        done.push(item.data.i);
        if (done.length === stopAt) void first.runner.stop();
        return { state: "done" };
      },
    });
    const first = runnerOn(dir, kind);
    first.runner.start(app);
    const { snapshot } = first.runner.submit({ kind: "t.resume", actor: "@mod:x", actorKind: "session", params: null, items: items(12) });
    await first.runner.settled(snapshot.id);
    expect(first.runner.store.get(snapshot.id)!.state).toBe("running");
    first.store.close();

    stopAt = -1;
    const second = runnerOn(dir, kind);
    second.runner.start(app);
    const final = await second.runner.settled(snapshot.id);
    expect(final).toMatchObject({ state: "done", done: 12 });
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("waits out a rate limit and retries the same item", async () => {
    let calls = 0;
    const kind = defineJobKind<null, { i: number }, NoCaps>({
      kind: "t.limited",
      concurrency: 1,
      capabilities: noCaps,
      runItem: async () => {
        calls++;
        if (calls === 2) {
          throw new HomeserverFailure({ status: 429, code: "rate_limited", message: "slow down", hint: "", retryAfterMs: 50 });
        }
        return { state: "done" };
      },
    });
    const { runner } = runnerOn(dataDir(), kind);
    runner.start(app);
    const { snapshot } = runner.submit({ kind: "t.limited", actor: "a", actorKind: "system", params: null, items: items(3) });
    const final = await runner.settled(snapshot.id);
    expect(final).toMatchObject({ state: "done", done: 3, failed: 0 });
    expect(calls).toBe(4);
  });

  it("paces a rate-limited job: one request at a time after a refusal, not a herd of refused retries", async () => {
    // A token bucket like Synapse's limiter: a burst of 3, then one token every 20 ms, and a refusal says when the next one is due.
    const started = Date.now();
    let taken = 0;
    let refused = 0;
    let inFlight = 0;
    let widest = 0;
    const send = async () => {
      inFlight++;
      widest = Math.max(widest, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      const earned = 3 + (Date.now() - started) / 20;
      if (taken + 1 > earned) {
        refused++;
        throw Object.assign(new Error("Too Many Requests"), { errcode: "M_LIMIT_EXCEEDED", statusCode: 429, retryAfterMs: Math.ceil((taken + 1 - earned) * 20) });
      }
      taken++;
    };
    const kind = defineJobKind<null, { i: number }, NoCaps>({
      kind: "t.paced",
      concurrency: 8,
      capabilities: noCaps,
      runItem: async () => {
        await withRateLimitRetry(send);
        return { state: "done" };
      },
    });
    const { runner } = runnerOn(dataDir(), kind);
    runner.start(app);
    const { snapshot } = runner.submit({ kind: "t.paced", actor: "a", actorKind: "system", params: null, items: items(60) });
    const final = await runner.settled(snapshot.id);
    expect(final).toMatchObject({ state: "done", done: 60, failed: 0 });
    expect(widest).toBe(8);
    // Eight unpaced workers are refused about seven times for every token the bucket frees; paced, about once.
    expect(refused).toBeLessThan(60 * 1.5);
  });

  it("cancels: pending items are skipped and nothing more runs", async () => {
    let runs = 0;
    const kind = defineJobKind<null, { i: number }, NoCaps>({
      kind: "t.cancel",
      concurrency: 1,
      capabilities: noCaps,
      runItem: async () => {
        runs++;
        if (runs === 2) runner.cancel(id);
        return { state: "done" };
      },
    });
    const { runner } = runnerOn(dataDir(), kind);
    runner.start(app);
    const id = runner.submit({ kind: "t.cancel", actor: "a", actorKind: "system", params: null, items: items(6) }).snapshot.id;
    const final = await runner.settled(id);
    expect(final).toMatchObject({ state: "cancelled", done: 2, skipped: 4 });
    expect(runs).toBe(2);
  });

  it("cancels at once when the item in flight fails with a rate limit after the cancel (no new wait starts)", async () => {
    let cancelled!: () => void;
    const cancelCame = new Promise<void>((resolve) => (cancelled = resolve));
    const kind = defineJobKind<null, { i: number }, NoCaps>({
      kind: "t.cancel-in-flight",
      concurrency: 1,
      capabilities: noCaps,
      runItem: async () => {
        await cancelCame;
        // The request that was out when the moderator cancelled comes back refused, asking for a minute.
        throw new HomeserverFailure({ status: 429, code: "rate_limited", message: "slow down", hint: "", retryAfterMs: 60_000 });
      },
    });
    const { runner } = runnerOn(dataDir(), kind);
    runner.start(app);
    const id = runner.submit({ kind: "t.cancel-in-flight", actor: "a", actorKind: "system", params: null, items: items(3) }).snapshot.id;
    await expect.poll(() => runner.get(id).state).toBe("running");
    runner.cancel(id);
    cancelled();
    // Without the check the worker would sleep the refusal's minute before it saw the cancel (the test's timeout).
    expect(await runner.settled(id)).toMatchObject({ state: "cancelled", skipped: 3 });
  });

  it("returns the existing job for a repeated idempotency key", async () => {
    const kind = defineJobKind<null, unknown, NoCaps>({ kind: "t.idem", concurrency: 1, capabilities: noCaps, runItem: async () => ({ state: "done" }) });
    const { runner } = runnerOn(dataDir(), kind);
    runner.start(app);
    const job = { kind: "t.idem", actor: "a", actorKind: "system", params: null, items: items(2), idempotencyKey: "k1" };
    const a = runner.submit(job);
    const b = runner.submit(job);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.snapshot.id).toBe(a.snapshot.id);
  });
});
