import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { JobStore } from "../../kernel/jobs/job-store.ts";
import type { Caller } from "../../kernel/runtime/define-action.ts";
import type { JobSnapshot } from "../../../shared/jobs.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { defineCommand, UsageError } from "../../kernel/commands/command-spec.ts";
import { isFinished, jobLine, jobProgressText } from "../../kernel/commands/job-text.ts";
import { blocks, list } from "../../kernel/commands/rich-text.ts";
import { runAction } from "../../kernel/runtime/run-action.ts";
import { cancelJob } from "../../features/jobs/cancel-job.ts";

const JOBS_SHOWN = 10;
const PREFIX_SEARCH_DEPTH = 200;

/** The job store's reads the job commands use. */
type JobReads = Pick<JobStore, "get" | "list" | "items">;
const jobReads = (app: AppContext): { jobs: JobReads } => ({ jobs: app.jobs.store });

/** A job by its ID or the first characters of it (replies show 8), as typed on a phone. */
function findJob(jobs: JobReads, word: string | undefined): JobSnapshot {
  if (!word) throw new UsageError("Give the job's ID (the first 8 characters are enough).");
  const exact = jobs.get(word);
  if (exact) return exact;
  const matches = word.length >= 4 ? jobs.list(PREFIX_SEARCH_DEPTH).filter((j) => j.id.startsWith(word.toLowerCase())) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new UsageError(`${matches.length} jobs start with ${word}: give more of the ID.`);
  throw ApiError.notFound(`No job ${word}.`, "List the recent ones with the jobs command.");
}

export const job = defineCommand({
  name: ["job"],
  usage: "<id>",
  summary: "A job's progress",
  capabilities: jobReads,
  async run(ctx, { words }) {
    const found = findJob(ctx.caps.jobs, words[0]);
    await ctx.reply(jobProgressText(found, isFinished(found) ? ctx.caps.jobs.items(found.id, "failed") : []));
  },
});

export const jobs = defineCommand({
  name: ["jobs"],
  usage: "",
  summary: "The most recent jobs",
  capabilities: jobReads,
  async run(ctx) {
    const recent = ctx.caps.jobs.list(JOBS_SHOWN);
    const title = recent.length === 1 ? "The only job so far:" : `The ${recent.length} most recent jobs:`;
    await ctx.reply(recent.length ? blocks(title, list(recent.map((j) => jobLine(j)))) : blocks("No jobs yet."));
  },
});

export const cancel = defineCommand({
  name: ["cancel"],
  usage: "<id>",
  summary: "Stop a running job (what is done stays done)",
  capabilities: (app) => ({ ...jobReads(app), cancelJob: (caller: Caller, jobId: string) => runAction(cancelJob, { ...caller, app }, { job: jobId }, "apply") }),
  async run(ctx, { words }) {
    const found = findJob(ctx.caps.jobs, words[0]);
    const cancelled = await ctx.caps.cancelJob(ctx.caller, found.id);
    await ctx.reply(jobLine(cancelled.result!));
  },
});
