import { defineJobKind } from "../../kernel/runtime/job-kind.ts";
import { describeMatrixFailure, HomeserverFailure, transientFailure } from "../../kernel/errors/homeserver-failure.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { withKeyLock } from "../../kernel/matrix/key-lock.ts";
import { accountAdmin, runPowerSteps, runUserStep, type StepOutcome, type SyncJobCaps } from "./steps.ts";
import type { SyncItem } from "./selection.ts";
import { said, saidBecause, type Said } from "../../../shared/said.ts";

export const SYNC_JOB = "sync.apply";

/** Rate limits and an unreachable homeserver go back to the runner, which waits and runs the item again. */
export function isTransient(err: unknown): boolean {
  return !(err instanceof ApiError) && transientFailure(err) !== undefined;
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError || err instanceof HomeserverFailure) return err.message;
  return describeMatrixFailure(err).message;
}

/** The failure as an item's message: said when it has a code (the widget words it), its English otherwise. */
export function saidOf(err: unknown): Said | string {
  const failure = err instanceof ApiError || err instanceof HomeserverFailure ? err : describeMatrixFailure(err);
  return failure.said ?? failure.message;
}

/**
 * Applies a sync plan: one item per person (their steps in order, stopping at the first failure since
 * later steps need earlier ones) and one per room for power levels. Every step checks before it acts,
 * so an item that runs again after a crash or a rate-limit wait does nothing twice.
 */
export const syncApplyJob = defineJobKind<null, SyncItem, SyncJobCaps>({
  kind: SYNC_JOB,
  concurrency: 3,
  capabilities: (app) => ({ bot: app.bot, accounts: accountAdmin(app.bot), syncStore: app.syncStore, authentik: app.authentik }),
  async runItem(ctx, _params, item) {
    const data = item.data;
    const outcomes: StepOutcome[] = [];
    if (data.type === "power") {
      outcomes.push(...(await withKeyLock(`power ${data.roomId}`, () => runPowerSteps(ctx.caps, data.roomId, data.steps))));
      return { state: "done", result: { steps: outcomes } };
    }
    return withKeyLock(`user ${data.userId}`, async () => {
      for (const step of data.steps) {
        try {
          outcomes.push(await runUserStep({ caps: ctx.caps, jobId: ctx.job.id }, step));
        } catch (err) {
          if (isTransient(err)) throw err;
          const message = saidBecause("syncStepFailed", `${step.kind} failed: ${messageOf(err)}`, { step: step.kind }, saidOf(err));
          return { state: "failed" as const, message, result: { steps: outcomes, failed: step.id } };
        }
      }
      if (data.forgetPk !== null) ctx.caps.syncStore.forgetUser(data.forgetPk);
      const done = outcomes.filter((o) => o.state === "done").length;
      return { state: done ? ("done" as const) : ("skipped" as const), message: done ? undefined : said("itemNothingLeft", "nothing left to do"), result: { steps: outcomes } };
    });
  },
});
