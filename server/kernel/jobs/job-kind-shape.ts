import type { Logger } from "pino";
import type { JobSnapshot } from "../../../shared/jobs.ts";
import type { Said } from "../../../shared/said.ts";

/** `message` says why an item was skipped or failed: said (shared/said.ts) so the widget words it, or English only. */
export type ItemOutcome = { state: "done" | "failed" | "skipped"; message?: string | Said | undefined; result?: unknown };

/** What a job item runs with: the capabilities its kind declared (`caps`), never the whole app. */
export type JobRunContextOf<Caps> = { caps: Caps; logger: Logger; job: JobSnapshot };

/**
 * A kind of background job. `runItem` must be idempotent: after a crash the item that was in
 * flight runs again. Throwing a transient failure (rate limit, homeserver down) makes the runner
 * wait and retry the same item; any other throw fails that item only.
 * The runner knows the app only as a type parameter, so jobs/ depends on nothing above it.
 */
export type JobKindOf<App, Params = any, ItemData = any, Caps = any> = {
  kind: string;
  concurrency: number;
  /**
   * Picks from the app the few adapters and stores the items use, typed narrowly, so an item can be
   * unit-tested with small fakes. The runner calls it once each time it (re)starts running a job:
   * what it picks are references to adapters that live as long as the app, so there is nothing to
   * rebuild per item, and a job resumed after a restart gets the new process's adapters.
   */
  capabilities(app: App): Caps;
  /** `attempts` counts earlier tries of this item, including ones a crashed process made. */
  runItem(ctx: JobRunContextOf<Caps>, params: Params, item: { seq: number; key: string; data: ItemData; attempts: number }): Promise<ItemOutcome>;
  onFinished?(ctx: JobRunContextOf<Caps>, params: Params): Promise<void>;
};
