import { Router } from "express";
import type { Feature } from "../feature.ts";
import { RoomListQuery } from "../../shared/rooms.ts";
import { TemplateBundle } from "../../shared/templates.ts";
import { listRooms } from "./directory.ts";
import { roomDetail } from "./room-detail.ts";
import { actionContext } from "../http/routes/actions.ts";
import { createRoom } from "../actions/rooms/create-room.ts";
import { inviteUsers, inviteJob } from "../actions/rooms/invite.ts";
import { kickFromRoom } from "../actions/rooms/kick.ts";
import { setPowerLevel } from "../actions/rooms/set-power-level.ts";
import { deleteTestRoom } from "../actions/rooms/delete-test-room.ts";
import { saveTemplate, deleteTemplate, importTemplates } from "../actions/templates/template-actions.ts";
import { RoomId } from "../../shared/matrix-ids.ts";
import { fixAccess, fixAccessJob } from "../actions/rooms/fix-access.ts";
import { accessReport } from "./access-report.ts";

export const roomsFeature: Feature = {
  name: "rooms",
  actions: [createRoom, inviteUsers, kickFromRoom, setPowerLevel, deleteTestRoom, saveTemplate, deleteTemplate, importTemplates, fixAccess],
  jobKinds: [inviteJob, fixAccessJob],
  docs: [{ method: "GET", path: "/api/rooms/access-report", summary: "Rooms whose moderators or power levels drifted from their template (records this check)" }],
  routes: (app, logger) => (guard) => {
    const router = Router();
    router.get("/api/rooms", guard, async (req, res) => {
      res.json(await listRooms(app, RoomListQuery.parse(req.query)));
    });
    router.get("/api/rooms/access-report", guard, async (_req, res) => {
      res.json(await accessReport(app, { record: true }));
    });
    router.get("/api/rooms/:roomId", guard, async (req, res) => {
      res.json(await roomDetail(actionContext(app, res, logger), RoomId.parse(req.params.roomId)));
    });
    router.get("/api/templates", guard, (_req, res) => void res.json(app.templates.list()));
    router.get("/api/templates/export", guard, (_req, res) => {
      const bundle: TemplateBundle = {
        format: "matrix-community-dashboard/templates@1",
        // Built-ins are the same in every dashboard: a bundle carries only the community's own.
        templates: app.templates.list().filter((t) => !t.builtin).map((t) => ({ id: t.id, body: t.body })),
      };
      res.setHeader("content-disposition", 'attachment; filename="room-templates.json"');
      res.json(bundle);
    });
    router.get("/api/templates/:id", guard, (req, res) => {
      const template = app.templates.get(String(req.params.id));
      res.json({ ...template, versions: app.templates.versions(template.id) });
    });
    return router;
  },
};
