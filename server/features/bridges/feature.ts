import { Router } from "express";
import { defineRoutes, type Feature } from "../../kernel/feature.ts";
import { summarise } from "./registry.ts";
import { createGroup } from "./create-group.ts";
import { linkGroup } from "./link-group.ts";
import { unlinkGroup } from "./unlink.ts";
import { setRelay } from "./set-relay.ts";
import { resyncGroup } from "./resync.ts";
import { createRoomWithGroup } from "./create-room-with-group.ts";
import { bridgeLogin } from "./login.ts";
import { bridgeLoginCancel, bridgeLoginInput, bridgeLoginWait } from "./login-steps.ts";
import { loginRouteDocs, loginRoutes, loginStepRunner } from "./login-routes.ts";
import { bridge } from "./commands.ts";
import { bridgeLoginCommands } from "./login-commands.ts";
import { addBridgeHealth, detailBridgeHealth } from "./room-health.ts";

export const bridgesFeature: Feature = {
  name: "bridges",
  actions: [createGroup, linkGroup, unlinkGroup, setRelay, resyncGroup, createRoomWithGroup, bridgeLogin, bridgeLoginWait, bridgeLoginInput, bridgeLoginCancel],
  commands: [bridge, ...bridgeLoginCommands],
  bridgeHealth: { addToPage: addBridgeHealth, forRoom: detailBridgeHealth },
  docs: [{ method: "GET", path: "/api/bridges", summary: "Configured mautrix bridges (without secrets)" }, ...loginRouteDocs],
  routes: defineRoutes({
    capabilities: (app) => ({ bridges: () => app.config.bridges.map(summarise), runLoginStep: loginStepRunner(app) }),
    router: (caps, kit) => {
      const login = loginRoutes(caps, kit);
      return (guard) => {
        const router = Router();
        router.get("/api/bridges", guard, (_req, res) => void res.json(caps.bridges()));
        router.use(login(guard));
        return router;
      };
    },
  }),
};
