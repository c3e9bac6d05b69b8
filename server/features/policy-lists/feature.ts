import { Router } from "express";
import { defineRoutes, type Feature } from "../../kernel/feature.ts";
import { createList, subscribe, unsubscribe, autoEnforce } from "./list-actions.ts";
import { addRule, removeRule } from "./rule-actions.ts";
import { enforceLists } from "./enforce.ts";
import { enforceJob } from "./enforce-job.ts";
import { overview } from "./overview.ts";
import { startWatcher } from "./watcher.ts";
import { banListMatchesFor } from "./ban-list-reader.ts";
import { banlist, banlistAdd, banlistCreate, banlistEnforce, banlistFollow } from "./commands.ts";

/** Shared ban lists (moderation policy rooms): the community's own, others' it follows, and enforcement. */
export const policyListsFeature: Feature = {
  name: "policy-lists",
  actions: [createList, subscribe, unsubscribe, addRule, removeRule, enforceLists, autoEnforce],
  jobKinds: [enforceJob],
  commands: [banlistCreate, banlistFollow, banlistAdd, banlistEnforce, banlist],
  routes: defineRoutes({
    capabilities: (app) => ({ overview: () => overview(app) }),
    router: (caps) => (guard) => {
      const router = Router();
      router.get("/api/policy-lists", guard, async (_req, res, next) => {
        try {
          res.json(await caps.overview());
        } catch (err) {
          next(err);
        }
      });
      return router;
    },
  }),
  banLists: { matchesFor: banListMatchesFor },
  docs: [{ method: "GET", path: "/api/policy-lists", summary: "Ban lists: the community's own, the ones it follows, their rules with sources, automatic enforcement" }],
  start: (app, logger) => {
    const watcher = startWatcher(app, logger);
    return () => watcher.stop();
  },
};
