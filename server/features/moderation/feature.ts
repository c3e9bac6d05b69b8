import { Router } from "express";
import type { Feature } from "../../kernel/feature.ts";
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
  routes: (app) => (guard) => {
    const router = Router();
    router.get("/api/audit", guard, (req, res) => void res.json(app.audit.list(AuditQuery.parse(req.query))));
    router.get("/api/audit.csv", guard, (req, res) => {
      res.setHeader("content-type", "text/csv; charset=utf-8");
      res.setHeader("content-disposition", 'attachment; filename="dashboard-audit.csv"');
      res.send(auditCsv(app.audit.list(AuditQuery.parse(req.query))));
    });
    return router;
  },
};
