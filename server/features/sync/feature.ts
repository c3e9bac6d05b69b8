import { Router } from "express";
import { z } from "zod";
import { SyncChangeKind } from "../../../shared/sync.ts";
import { SyncPlans } from "../../kernel/store/sync-plans.ts";
import { defineRoutes, type Feature } from "../../kernel/feature.ts";
import { syncAccounts } from "./sync-accounts.ts";
import { mapGroupRooms } from "./map-group-rooms.ts";
import { mapGroupLevel } from "./map-group-level.ts";
import { setWelcomeTemplate } from "./set-welcome-template.ts";
import { syncApplyJob } from "./apply-job.ts";
import { SyncScheduler } from "./scheduler.ts";
import { syncStatus } from "./status.ts";
import { syncPlan, syncApply } from "./commands.ts";

const PageQuery = z.object({
  kind: SyncChangeKind,
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Authentik → Matrix: accounts, onboarding, group rooms and power levels; shown as not configured without Authentik. */
export const syncFeature: Feature = {
  name: "sync",
  actions: [syncAccounts, mapGroupRooms, mapGroupLevel, setWelcomeTemplate],
  jobKinds: [syncApplyJob],
  commands: [syncPlan, syncApply],
  // Authentik's push and SCIM receivers are entry points (entry/receivers/), mounted beside the features.
  docs: [
    { method: "GET", path: "/api/sync/status", summary: "Authentik sync: configuration, mappings and the last runs" },
    { method: "GET", path: "/api/sync/plans/:id", summary: "A stored sync plan's summary: counts per kind, the first changes of each, what needs attention" },
    { method: "GET", path: "/api/sync/plans/:id/changes", summary: "One page of a stored sync plan's changes of one kind (at most 500)", query: PageQuery },
  ],
  routes: defineRoutes({
    capabilities: (app) => ({ status: () => syncStatus(app), plans: (): Pick<SyncPlans, "get" | "page"> => new SyncPlans(app.store.db) }),
    router: (caps) => (guard) => {
      const router = Router();
      router.get("/api/sync/status", guard, (_req, res) => void res.json(caps.status()));
      router.get("/api/sync/plans/:id", guard, (req, res) => void res.json(caps.plans().get(String(req.params.id))));
      router.get("/api/sync/plans/:id/changes", guard, (req, res) => {
        const q = PageQuery.parse(req.query);
        res.json(caps.plans().page(String(req.params.id), q.kind, q.offset, q.limit));
      });
      return router;
    },
  }),
  start: (app, logger) => {
    const scheduler = new SyncScheduler(app, logger);
    scheduler.start();
    return () => scheduler.stop();
  },
};
