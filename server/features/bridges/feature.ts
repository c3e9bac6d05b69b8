import { Router } from "express";
import type { Feature } from "../../kernel/feature.ts";
import { summarise } from "./registry.ts";
import { createGroup } from "./create-group.ts";
import { linkGroup } from "./link-group.ts";
import { unlinkGroup } from "./unlink.ts";
import { setRelay } from "./set-relay.ts";
import { resyncGroup } from "./resync.ts";
import { createRoomWithGroup } from "./create-room-with-group.ts";
import { bridgeLogin } from "./login.ts";
import { loginRouteDocs, loginRoutes } from "./login-routes.ts";

export const bridgesFeature: Feature = {
  name: "bridges",
  actions: [createGroup, linkGroup, unlinkGroup, setRelay, resyncGroup, createRoomWithGroup, bridgeLogin],
  docs: [{ method: "GET", path: "/api/bridges", summary: "Configured mautrix bridges (without secrets)" }, ...loginRouteDocs],
  routes: (app, logger) => {
    const login = loginRoutes(app, logger);
    return (guard) => {
      const router = Router();
      router.get("/api/bridges", guard, (_req, res) => void res.json(app.config.bridges.map(summarise)));
      router.use(login(guard));
      return router;
    };
  },
};
