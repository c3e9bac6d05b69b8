import type { AppContext } from "./app-context.ts";
import type { JobRunner } from "../jobs/runner.ts";

/**
 * Small named capabilities actions declare (see `capabilities` in define-action.ts). Most are a
 * `Pick` of one adapter or store; these are the ones several features share.
 */

/** Starts a background job: the one thing an action's apply asks of the job runner. */
export type JobStarter = Pick<JobRunner<AppContext>, "submit">;
