import { Router } from "express";
import type { Feature } from "../feature.ts";
import { summarise } from "./registry.ts";
import { createGroup } from "../actions/bridges/create-group.ts";
import { linkGroup } from "../actions/bridges/link-group.ts";
import { unlinkGroup } from "../actions/bridges/unlink.ts";
import { setRelay } from "../actions/bridges/set-relay.ts";
import { resyncGroup } from "../actions/bridges/resync.ts";
import { createRoomWithGroup } from "../actions/bridges/create-room-with-group.ts";

export const bridgesFeature: Feature = {
  name: "bridges",
  actions: [createGroup, linkGroup, unlinkGroup, setRelay, resyncGroup, createRoomWithGroup],
  docs: [{ method: "GET", path: "/api/bridges", summary: "Configured mautrix bridges (without secrets)" }],
  routes: (app) => (guard) => {
    const router = Router();
    router.get("/api/bridges", guard, (_req, res) => void res.json(app.config.bridges.map(summarise)));
    return router;
  },
};
