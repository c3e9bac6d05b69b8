import { Router } from "express";
import { defineRoutes, type Caller, type Feature } from "../../kernel/feature.ts";
import { ReportListQuery } from "../../../shared/reports.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { reportDetail, reportInbox } from "./read-reports.ts";
import { dismissReport, redactReported, warnSender } from "./report-actions.ts";
import { ReportWatcher } from "./report-watcher.ts";
import { reports, dismiss, redact, warn } from "./commands.ts";

/** Members' reports of messages (Synapse's admin API): the inbox, its actions, and a notice per new report. */
export const reportsFeature: Feature = {
  name: "reports",
  actions: [dismissReport, redactReported, warnSender],
  commands: [reports, dismiss, redact, warn],
  docs: [
    { method: "GET", path: "/api/reports", summary: "Open reports from members the caller may read (moderators: the community's rooms; admins: all)", query: ReportListQuery },
    { method: "GET", path: "/api/reports/:id", summary: "One report: the event's text (or why not), how often it was reported, the sender's history" },
  ],
  routes: defineRoutes({
    // Both judge what the caller may read (moderators: the community's rooms; admins: all).
    capabilities: (app) => ({
      inbox: (caller: Caller, query: ReportListQuery) => reportInbox({ ...caller, app }, query),
      detail: (caller: Caller, id: number) => reportDetail({ ...caller, app }, id),
    }),
    router: (caps, kit) => (guard) => {
      const router = Router();
      router.get("/api/reports", guard, async (req, res) => {
        res.json(await caps.inbox(kit.caller(res), ReportListQuery.parse(req.query)));
      });
      router.get("/api/reports/:id", guard, async (req, res) => {
        const id = Number(req.params.id);
        if (!Number.isInteger(id) || id < 0) throw ApiError.badRequest("A report's ID is a whole number.", "id").saying("reportIdNotNumber");
        res.json(await caps.detail(kit.caller(res), id));
      });
      return router;
    },
  }),
  start: (app, logger) => {
    const watcher = new ReportWatcher(app, logger, { intervalMs: app.config.reportsPollMs });
    watcher.start();
    return () => watcher.stop();
  },
};
