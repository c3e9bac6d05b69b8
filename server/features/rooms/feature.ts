import { Router } from "express";
import { defineRoutes, type Caller, type Feature } from "../../kernel/feature.ts";
import { RoomListQuery } from "../../../shared/rooms.ts";
import { listRooms } from "./directory.ts";
import { roomDetail } from "./room-detail.ts";
import { createRoom } from "./create-room.ts";
import { inviteUsers, inviteJob } from "./invite.ts";
import { kickFromRoom } from "./kick.ts";
import { setPowerLevel } from "./set-power-level.ts";
import { deleteTestRoom } from "./delete-test-room.ts";
import { RoomId } from "../../../shared/matrix-ids.ts";
import { fixAccess, fixAccessJob } from "./fix-access.ts";
import { accessReport } from "./access-report.ts";
import { createRoom as createRoomCommand, invite } from "./commands.ts";

export const roomsFeature: Feature = {
  name: "rooms",
  actions: [createRoom, inviteUsers, kickFromRoom, setPowerLevel, deleteTestRoom, fixAccess],
  jobKinds: [inviteJob, fixAccessJob],
  commands: [createRoomCommand, invite],
  docs: [{ method: "GET", path: "/api/rooms/access-report", summary: "Rooms whose moderators or power levels drifted from their template (records this check)" }],
  routes: defineRoutes({
    capabilities: (app) => ({
      listRooms: (query: RoomListQuery) => listRooms(app, query),
      accessReport: () => accessReport(app, { record: true }),
      roomDetail: (caller: Caller, roomId: string) => roomDetail({ ...caller, app }, roomId),
    }),
    router: (caps, kit) => (guard) => {
      const router = Router();
      router.get("/api/rooms", guard, async (req, res) => {
        res.json(await caps.listRooms(RoomListQuery.parse(req.query)));
      });
      router.get("/api/rooms/access-report", guard, async (_req, res) => {
        res.json(await caps.accessReport());
      });
      router.get("/api/rooms/:roomId", guard, async (req, res) => {
        res.json(await caps.roomDetail(kit.caller(res), RoomId.parse(req.params.roomId)));
      });
      return router;
    },
  }),
};
