import { Router } from "express";
import type { Feature } from "../feature.ts";
import { summarise } from "./registry.ts";
import { createGroup } from "../actions/bridges/create-group.ts";
import { linkGroup } from "../actions/bridges/link-group.ts";
import { unlinkGroup } from "../actions/bridges/unlink.ts";
import { setRelay } from "../actions/bridges/set-relay.ts";
import { resyncGroup } from "../actions/bridges/resync.ts";
import { createRoomWithGroup } from "../actions/bridges/create-room-with-group.ts";
import { bridgeLogin } from "../actions/bridges/login.ts";
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
