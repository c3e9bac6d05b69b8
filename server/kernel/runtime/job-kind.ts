import type { AppContext } from "./app-context.ts";
import type { ItemOutcome, JobKindOf, JobRunContextOf } from "../jobs/job-kind-shape.ts";

export type { ItemOutcome };

export type JobRunContext = JobRunContextOf<AppContext>;

/** A kind of background job run with the app context (see jobs/job-kind-shape.ts for the rules). */
export type JobKind<Params = any, ItemData = any> = JobKindOf<AppContext, Params, ItemData>;

export function defineJobKind<P, D>(kind: JobKind<P, D>): JobKind<P, D> {
  return kind;
}
