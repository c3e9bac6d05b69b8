import { Router } from "express";
import { defineRoutes, type Caller, type Feature } from "../../kernel/feature.ts";
import { UserId } from "../../../shared/matrix-ids.ts";
import { userCard } from "./user-card.ts";
import { user } from "./commands.ts";

/** One person across the community; its buttons run the rooms and moderation features' actions. */
export const userCardFeature: Feature = {
  name: "user-card",
  commands: [user],
  docs: [{ method: "GET", path: "/api/users/:userId", summary: "One person across the community: rooms, levels, pending invites, Authentik identity, reports, audit entries" }],
  routes: defineRoutes({
    // The card judges what the caller may see of the person (reports, audit), so it takes who is asking.
    capabilities: (app) => ({ userCard: (caller: Caller, userId: string) => userCard({ ...caller, app }, userId) }),
    router: (caps, kit) => (guard) => {
      const router = Router();
      router.get("/api/users/:userId", guard, async (req, res) => {
        res.json(await caps.userCard(kit.caller(res), UserId.parse(req.params.userId)));
      });
      return router;
    },
  }),
};
