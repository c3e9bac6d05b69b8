import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { JobStore } from "../jobs/job-store.ts";

/** Collapses IDs in a Matrix path so each endpoint is one label value, not one per room. */
export function endpointLabel(path: string): string {
  return path
    .split("?")[0]!
    .split("/")
    .map((segment) => (/^(%21|%40|%23|%24|[!@#$])/i.test(segment) || /^\d+$/.test(segment) || segment.length > 40 ? ":id" : segment))
    .join("/");
}

/** Prometheus metrics of one dashboard process (its own registry, so tests can run several). */
export class Metrics {
  readonly registry = new Registry();
  readonly actions = new Counter({ name: "dashboard_actions_total", help: "Privileged actions applied, by action and result", labelNames: ["action", "result"], registers: [this.registry] });
  readonly matrixDuration = new Histogram({
    name: "dashboard_matrix_request_duration_seconds",
    help: "Latency of the bot's Matrix requests",
    labelNames: ["method", "endpoint", "outcome"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly matrixRateLimited = new Counter({ name: "dashboard_matrix_rate_limited_total", help: "M_LIMIT_EXCEEDED answers from the homeserver", registers: [this.registry] });
  readonly authentikDuration = new Histogram({
    name: "dashboard_authentik_request_duration_seconds",
    help: "Latency of Authentik API requests",
    labelNames: ["outcome"],
    registers: [this.registry],
  });
  readonly authentikRateLimited = new Counter({ name: "dashboard_authentik_rate_limited_total", help: "429 answers from Authentik", registers: [this.registry] });

  constructor(jobs: () => JobStore | undefined) {
    collectDefaultMetrics({ register: this.registry, prefix: "dashboard_process_" });
    new Gauge({
      name: "dashboard_job_items",
      help: "Items of unfinished jobs by state",
      labelNames: ["job", "kind", "state"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const job of jobs()?.unfinished() ?? []) {
          const pending = job.total - job.done - job.failed - job.skipped;
          for (const [state, n] of Object.entries({ done: job.done, failed: job.failed, skipped: job.skipped, pending })) {
            this.set({ job: job.id, kind: job.kind, state }, n);
          }
        }
      },
    });
  }
}
