import { Router } from "express";
import { defineRoutes, type Feature } from "../../kernel/feature.ts";
import type { AuditLog } from "../../kernel/store/audit.ts";
import { AuditQuery } from "../../../shared/moderation.ts";
import { openConflictRoom } from "./conflict-room.ts";
import { banEverywhere, unbanEverywhere, kickEverywhere, redactEverywhere, crossRoomJob } from "./cross-room.ts";
import { auditCsv } from "./audit-csv.ts";
import { conflict, ban, kick } from "./commands.ts";

export const moderationFeature: Feature = {
  name: "moderation",
  actions: [openConflictRoom, banEverywhere, unbanEverywhere, kickEverywhere, redactEverywhere],
  jobKinds: [crossRoomJob],
  commands: [conflict, ban, kick],
  routes: defineRoutes({
    capabilities: (app): { audit: Pick<AuditLog, "list"> } => ({ audit: app.audit }),
    router: ({ audit }) => (guard) => {
      const router = Router();
      router.get("/api/audit", guard, (req, res) => void res.json(audit.list(AuditQuery.parse(req.query))));
      router.get("/api/audit.csv", guard, (req, res) => {
        res.setHeader("content-type", "text/csv; charset=utf-8");
        res.setHeader("content-disposition", 'attachment; filename="dashboard-audit.csv"');
        res.send(auditCsv(audit.list(AuditQuery.parse(req.query))));
      });
      return router;
    },
  }),
};
