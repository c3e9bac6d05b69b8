import { z } from "zod";
import { defineAction } from "../../kernel/runtime/define-action.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { JobSnapshot } from "../../../shared/jobs.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";

export const CancelJobInput = z.strictObject({ job: z.string().trim().min(1).max(100) });

const finished = (job: JobSnapshot) => job.state === "done" || job.state === "failed" || job.state === "cancelled";

/**
 * Stops a running job; what is done stays done. One action, so the widget, the API, the CLI and the
 * chat `cancel` share its permission check and its audit entry.
 */
export const cancelJob = defineAction({
  name: "jobs.cancel",
  // The API-token scope cancelling has always needed.
  family: "admin",
  permission: "moderator",
  summary: "Stop a running job (what is done stays done)",
  input: CancelJobInput,
  example: { job: "00000000-0000-0000-0000-000000000000" },
  capabilities: (app): { jobs: Pick<AppContext["jobs"], "get" | "cancel"> } => ({ jobs: app.jobs }),
  // No routine notice: the job's progress (widget, chat) already shows the cancellation.
  ownNotice: true,
  async plan(ctx, input) {
    const job = ctx.caps.jobs.get(input.job);
    if (finished(job)) throw ApiError.conflict(`Job ${job.id} has already ${job.state === "done" ? "finished" : job.state}.`).saying("jobAlreadyOver", { id: job.id, state: job.state });
    return { job: job.id, kind: job.kind, done: job.done, total: job.total };
  },
  async apply(ctx, plan): Promise<JobSnapshot> {
    return ctx.caps.jobs.cancel(plan.job);
  },
  target: (input) => input.job,
});
