import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore } from "../../../server/kernel/store/db.ts";
import { JobRunner } from "../../../server/kernel/jobs/runner.ts";
import { JobStore } from "../../../server/kernel/jobs/job-store.ts";
import type { JobKindOf, JobRunContextOf } from "../../../server/kernel/jobs/job-kind-shape.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";

/** The runner is generic in its app: this one has a part the kind uses and one it must never see. */
type App = { greeting: string; secrets: { token: string } };
type Caps = { greeting: string };

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), "dash-job-caps-"));
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `room-${i}`, data: { i } }));

/** A kind that records what it was built from and every context its items and finish hook got. */
function recordingKind(onItem: (ctx: JobRunContextOf<Caps>) => void = () => {}) {
  const builtFrom: App[] = [];
  const contexts: Array<JobRunContextOf<Caps>> = [];
  const kind: JobKindOf<App, null, { i: number }, Caps> = {
    kind: "t.caps",
    concurrency: 2,
    capabilities: (app) => {
      builtFrom.push(app);
      return { greeting: app.greeting };
    },
    async runItem(ctx) {
      contexts.push(ctx);
      onItem(ctx);
      return { state: "done", result: ctx.caps.greeting };
    },
    async onFinished(ctx) {
      contexts.push(ctx);
    },
  };
  return { kind, builtFrom, contexts };
}

function runnerOn(dir: string, kind: JobKindOf<App>) {
  const store = openStore(dir);
  const runner = new JobRunner<App>(new JobStore(store.db), silentLogger());
  runner.register(kind);
  return { runner, store };
}

describe("the job runner hands a job kind's items the capabilities it declared", () => {
  it("items and the finish hook get the same capabilities, built once for the run, and never the app", async () => {
    const { kind, builtFrom, contexts } = recordingKind();
    const app: App = { greeting: "hello", secrets: { token: "syt_secret" } };
    const { runner } = runnerOn(dataDir(), kind);
    runner.start(app);
    const { snapshot } = runner.submit({ kind: "t.caps", actor: "@mod:x", actorKind: "session", params: null, items: items(5) });
    expect(await runner.settled(snapshot.id)).toMatchObject({ state: "done", done: 5 });
    expect(builtFrom).toEqual([app]);
    expect(contexts).toHaveLength(6);
    for (const ctx of contexts) {
      expect(Object.keys(ctx).sort()).toEqual(["caps", "job", "logger"]);
      expect(ctx.caps).toBe(contexts[0]!.caps);
      expect(Object.values(ctx)).not.toContain(app);
    }
    expect(contexts[0]!.caps).toEqual({ greeting: "hello" });
    expect(runner.store.items(snapshot.id, "done").map((item) => item.result)).toEqual(Array(5).fill("hello"));
  });

  it("a job resumed after a restart builds its capabilities again, from the new process's app", async () => {
    const dir = dataDir();
    let first!: ReturnType<typeof runnerOn>;
    const { kind, builtFrom, contexts } = recordingKind(() => {
      if (contexts.length === 2) void first.runner.stop();
    });
    first = runnerOn(dir, kind);
    first.runner.start({ greeting: "before", secrets: { token: "a" } });
    const { snapshot } = first.runner.submit({ kind: "t.caps", actor: "@mod:x", actorKind: "session", params: null, items: items(6) });
    await first.runner.settled(snapshot.id);
    first.store.close();

    const second = runnerOn(dir, kind);
    second.runner.start({ greeting: "after", secrets: { token: "b" } });
    expect(await second.runner.settled(snapshot.id)).toMatchObject({ state: "done", done: 6 });
    expect(builtFrom.map((app) => app.greeting)).toEqual(["before", "after"]);
    const results = second.runner.store.items(snapshot.id, "done").map((item) => item.result);
    expect(results.filter((r) => r === "before").length).toBeGreaterThanOrEqual(2);
    expect(results.at(-1)).toBe("after");
  });

  it("a kind whose capabilities cannot be built fails its job, saying why, and runs no item", async () => {
    let ran = 0;
    const kind: JobKindOf<App, null, { i: number }, Caps> = {
      kind: "t.broken",
      concurrency: 1,
      capabilities: () => {
        throw new Error("no greeting configured");
      },
      runItem: async () => {
        ran++;
        return { state: "done" };
      },
    };
    const { runner } = runnerOn(dataDir(), kind);
    runner.start({ greeting: "", secrets: { token: "c" } });
    const { snapshot } = runner.submit({ kind: "t.broken", actor: "@mod:x", actorKind: "session", params: null, items: items(2) });
    expect(await runner.settled(snapshot.id)).toMatchObject({ state: "failed", message: expect.stringContaining("no greeting configured") });
    expect(ran).toBe(0);
  });
});
