import type { Logger } from "pino";
import type { AppContext } from "./app-context.ts";
import type { JobSnapshot } from "../../../shared/jobs.ts";

export type ItemOutcome = { state: "done" | "failed" | "skipped"; message?: string; result?: unknown };

export type JobRunContext = { app: AppContext; logger: Logger; job: JobSnapshot };

/**
 * A kind of background job. `runItem` must be idempotent: after a crash the item that was in
 * flight runs again. Throwing a transient failure (rate limit, homeserver down) makes the runner
 * wait and retry the same item; any other throw fails that item only.
 */
export type JobKind<Params = any, ItemData = any> = {
  kind: string;
  concurrency: number;
  /** `attempts` counts earlier tries of this item, including ones a crashed process made. */
  runItem(ctx: JobRunContext, params: Params, item: { seq: number; key: string; data: ItemData; attempts: number }): Promise<ItemOutcome>;
  onFinished?(ctx: JobRunContext, params: Params): Promise<void>;
};

export function defineJobKind<P, D>(kind: JobKind<P, D>): JobKind<P, D> {
  return kind;
}
