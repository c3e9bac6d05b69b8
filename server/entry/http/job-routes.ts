import { Router, type RequestHandler } from "express";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { JobSnapshot } from "../../../shared/jobs.ts";
import { ItemState } from "../../../shared/jobs.ts";
import { z } from "zod";
import type { Response } from "express";
import type { ActionContext } from "../../kernel/runtime/define-action.ts";
import { runAction } from "../../kernel/runtime/run-action.ts";
import { cancelJob } from "../../features/jobs/cancel-job.ts";

/** Job status, items, cancellation, and live progress as server-sent events. */
export function jobRoutes(app: AppContext, actionContext: (res: Response) => ActionContext) {
  return (guard: RequestHandler) => {
    const router = Router();
    router.get("/api/jobs", guard, (_req, res) => void res.json(app.jobs.store.list()));
    router.get("/api/jobs/:id", guard, (req, res) => void res.json(app.jobs.get(String(req.params.id))));
    router.get("/api/jobs/:id/items", guard, (req, res) => {
      const state = req.query.state === undefined ? undefined : z.object({ state: ItemState }).parse(req.query).state;
      const job = app.jobs.get(String(req.params.id));
      res.json(app.jobs.store.items(job.id, state));
    });
    // The jobs.cancel action under the path the widget has always used; answers with the job.
    router.post("/api/jobs/:id/cancel", guard, async (req, res) => {
      res.json((await runAction(cancelJob, actionContext(res), { job: String(req.params.id) }, "apply")).result);
    });
    router.get("/api/jobs/:id/events", guard, (req, res) => {
      const job = app.jobs.get(String(req.params.id));
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      const send = (s: JobSnapshot) => res.write(`event: progress\ndata: ${JSON.stringify(s)}\n\n`);
      send(job);
      const finished = (s: JobSnapshot) => s.state === "done" || s.state === "failed" || s.state === "cancelled";
      if (finished(job)) return void res.end();
      const onJob = (s: JobSnapshot) => {
        if (s.id !== job.id) return;
        send(s);
        if (finished(s)) close();
      };
      const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
      const close = () => {
        clearInterval(heartbeat);
        app.jobs.events.off("job", onJob);
        res.end();
      };
      app.jobs.events.on("job", onJob);
      req.on("close", close);
    });
    return router;
  };
}
