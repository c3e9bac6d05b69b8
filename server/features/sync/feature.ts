import { Router } from "express";
import type { Feature } from "../../kernel/feature.ts";
import { syncAccounts } from "./sync-accounts.ts";
import { mapGroupRooms } from "./map-group-rooms.ts";
import { mapGroupLevel } from "./map-group-level.ts";
import { setWelcomeTemplate } from "./set-welcome-template.ts";
import { syncApplyJob } from "./apply-job.ts";
import { SyncScheduler } from "./scheduler.ts";
import { syncStatus } from "./status.ts";
import { pushRoute } from "../../entry/receivers/authentik-push.ts";
import { scimDocs, scimRoutes } from "../../entry/receivers/scim/scim-route.ts";

/** Authentik → Matrix: accounts, onboarding, group rooms and power levels; shown as not configured without Authentik. */
export const syncFeature: Feature = {
  name: "sync",
  actions: [syncAccounts, mapGroupRooms, mapGroupLevel, setWelcomeTemplate],
  jobKinds: [syncApplyJob],
  docs: [
    { method: "GET", path: "/api/sync/status", summary: "Authentik sync: configuration, mappings and the last runs" },
    { method: "POST", path: "/api/sync/push", summary: "Authentik pushes a changed user here (shared secret, not a session)", public: true },
    ...scimDocs,
  ],
  routes: (app, logger) => (guard) => {
    const router = Router();
    router.get("/api/sync/status", guard, (_req, res) => void res.json(syncStatus(app)));
    router.use(pushRoute(app, logger));
    router.use(scimRoutes(app, logger));
    return router;
  },
  start: (app, logger) => {
    const scheduler = new SyncScheduler(app, logger);
    scheduler.start();
    return () => scheduler.stop();
  },
};
