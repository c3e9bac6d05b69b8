import type { RouteDoc } from "../../kernel/feature.ts";
import { RoomListQuery } from "../../../shared/rooms.ts";
import { AuditQuery } from "../../../shared/moderation.ts";

/** One-line descriptions of the read routes, for the OpenAPI document. */
export const routeDocs: RouteDoc[] = [
  { method: "GET", path: "/api/health", summary: "Liveness without credentials; with a moderator session or a read token, the doctor report (each check with cause and fix)", public: true },
  { method: "POST", path: "/api/session", summary: "Exchange a widget OpenID token for a session", public: true },
  { method: "GET", path: "/api/openapi.json", summary: "This document", public: true },
  { method: "GET", path: "/api/me", summary: "Who is calling" },
  { method: "GET", path: "/api/actions", summary: "The actions this server offers" },
  { method: "GET", path: "/api/jobs", summary: "Recent background jobs" },
  { method: "GET", path: "/api/jobs/:id", summary: "One job's progress" },
  { method: "GET", path: "/api/jobs/:id/items", summary: "Per-item results of a job" },
  { method: "GET", path: "/api/jobs/:id/events", summary: "Live progress (server-sent events)" },
  { method: "POST", path: "/api/jobs/:id/cancel", summary: "Cancel a job" },
  { method: "GET", path: "/api/rooms", summary: "Room directory", query: RoomListQuery },
  { method: "GET", path: "/api/rooms/:roomId", summary: "Room detail: members, power table, what may be done" },
  { method: "GET", path: "/api/templates", summary: "Room templates" },
  { method: "GET", path: "/api/templates/export", summary: "Templates as a shareable JSON bundle" },
  { method: "GET", path: "/api/templates/:id", summary: "A template with its versions" },
  { method: "GET", path: "/api/audit", summary: "Audit log", query: AuditQuery },
  { method: "GET", path: "/api/audit.csv", summary: "Audit log as CSV", query: AuditQuery },
  { method: "GET", path: "/api/tokens", summary: "Automation API tokens (admins)" },
];
