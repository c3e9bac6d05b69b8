import { Router, type RequestHandler } from "express";
import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { RouteDoc } from "../../kernel/feature.ts";
import { pushRoute } from "./authentik-push.ts";
import { scimDocs, scimRoutes } from "./scim/scim-route.ts";

/**
 * Doors other systems knock on with a shared secret rather than a moderator's session: Authentik's
 * push of a changed user and its SCIM provider. Both run the sync feature's actions as the system.
 */
export const receiverDocs: RouteDoc[] = [
  { method: "POST", path: "/api/sync/push", summary: "Authentik pushes a changed user here (shared secret, not a session)", public: true },
  ...scimDocs,
];

export function receiverRoutes(app: AppContext, logger: Logger): (guard: RequestHandler) => Router {
  return () => {
    const router = Router();
    router.use(pushRoute(app, logger));
    router.use(scimRoutes(app, logger));
    return router;
  };
}
