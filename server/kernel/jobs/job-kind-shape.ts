import type { Logger } from "pino";
import type { JobSnapshot } from "../../../shared/jobs.ts";
import type { Said } from "../../../shared/said.ts";

/** `message` says why an item was skipped or failed: said (shared/said.ts) so the widget words it, or English only. */
export type ItemOutcome = { state: "done" | "failed" | "skipped"; message?: string | Said | undefined; result?: unknown };

/** What a job item runs with; `App` is whatever the runner was started with (the app context). */
export type JobRunContextOf<App> = { app: App; logger: Logger; job: JobSnapshot };

/**
 * A kind of background job. `runItem` must be idempotent: after a crash the item that was in
 * flight runs again. Throwing a transient failure (rate limit, homeserver down) makes the runner
 * wait and retry the same item; any other throw fails that item only.
 * The runner knows the app only as a type parameter, so jobs/ depends on nothing above it.
 */
export type JobKindOf<App, Params = any, ItemData = any> = {
  kind: string;
  concurrency: number;
  /** `attempts` counts earlier tries of this item, including ones a crashed process made. */
  runItem(ctx: JobRunContextOf<App>, params: Params, item: { seq: number; key: string; data: ItemData; attempts: number }): Promise<ItemOutcome>;
  onFinished?(ctx: JobRunContextOf<App>, params: Params): Promise<void>;
};
