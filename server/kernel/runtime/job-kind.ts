import type { AppContext } from "./app-context.ts";
import type { ItemOutcome, JobKindOf, JobRunContextOf } from "../jobs/job-kind-shape.ts";

export type { ItemOutcome };

/** What a job kind's items get: the capabilities `C` it declared, the logger, the job. */
export type JobRunContext<C> = JobRunContextOf<C>;

/**
 * A kind of background job run in this app (see jobs/job-kind-shape.ts for the rules). P: params,
 * D: an item's data, C: the capabilities it declares. There is no whole-app form: `capabilities(app)`
 * is required and runItem/onFinished see only what it returns, so tsc refuses an item that reaches
 * past it.
 */
export type JobKind<P = any, D = any, C = any> = JobKindOf<AppContext, P, D, C>;

/** Name all three type parameters (or none): a kind that names only P and D leaves C `never`, which no capabilities satisfy. */
export function defineJobKind<P, D, C = never>(kind: JobKind<P, D, C>): JobKind<P, D, C> {
  return kind;
}
