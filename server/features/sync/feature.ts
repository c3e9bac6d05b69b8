import { Router } from "express";
import type { Feature } from "../../kernel/feature.ts";
import { syncAccounts } from "./sync-accounts.ts";
import { mapGroupRooms } from "./map-group-rooms.ts";
import { mapGroupLevel } from "./map-group-level.ts";
import { setWelcomeTemplate } from "./set-welcome-template.ts";
import { syncApplyJob } from "./apply-job.ts";
import { SyncScheduler } from "./scheduler.ts";
import { syncStatus } from "./status.ts";
import { syncPlan, syncApply } from "./commands.ts";

/** Authentik → Matrix: accounts, onboarding, group rooms and power levels; shown as not configured without Authentik. */
export const syncFeature: Feature = {
  name: "sync",
  actions: [syncAccounts, mapGroupRooms, mapGroupLevel, setWelcomeTemplate],
  jobKinds: [syncApplyJob],
  commands: [syncPlan, syncApply],
  // Authentik's push and SCIM receivers are entry points (entry/receivers/), mounted beside the features.
  docs: [{ method: "GET", path: "/api/sync/status", summary: "Authentik sync: configuration, mappings and the last runs" }],
  routes: (app) => (guard) => {
    const router = Router();
    router.get("/api/sync/status", guard, (_req, res) => void res.json(syncStatus(app)));
    return router;
  },
  start: (app, logger) => {
    const scheduler = new SyncScheduler(app, logger);
    scheduler.start();
    return () => scheduler.stop();
  },
};
