/*
 * SCIM 2.0 receiver for Authentik's SCIM provider (provider URL: PUBLIC_URL + /api/scim/v2).
 * What Authentik sends, read from goauthentik/authentik authentik/providers/scim/clients/:
 *
 * - base.py / auth.py: every request is `{provider URL}{path}` (trailing slash stripped) with
 *   `Authorization: Bearer {provider token}` and Accept/Content-Type application/scim+json.
 *   A 404 means "resource missing" (it re-creates the object), 409 "object exists" (it then
 *   looks the object up by filter, only if filter.supported), 429/503 transient, any other
 *   status >= 400 a failure; 204 counts as an empty answer, anything else is parsed as JSON.
 * - base.py: the client first GETs /ServiceProviderConfig; if that fails it assumes nothing is
 *   supported (no PATCH, no filter). bulk.maxOperations sizes PATCH chunks (0: one request).
 * - users.py / user.py: POST /Users with the mapped user (schema.py User: schemas [core User],
 *   userName, name, displayName, active, emails, …, externalId defaulting to the user's uid);
 *   it keeps the answer's `id` (missing or empty `id` stops the sync) and later sends
 *   PUT /Users/{id} with the same body plus `id`, and DELETE /Users/{id} when the user is deleted.
 *   It never PATCHes users.
 * - groups.py / group.py: POST /Groups with schemas [core Group], displayName, externalId
 *   (default: the group's pk) and, only when patch is NOT supported, `members: [{value: user id}]`.
 *   With patch.supported, members go as PATCH /Groups/{id} with
 *   `{"schemas":[PatchOp], "Operations":[{"op":"add"|"remove","path":"members","value":[{"value":id}]}]}`
 *   (groups.py: one member per operation; the older group.py: all in one), and group updates as one `replace` operation without path whose
 *   value is the whole group; without it, PUT /Groups/{id} with the full member list.
 *   It reads GET /Groups/{id} to compare members, GET /Groups (ListResponse) to discover groups,
 *   and DELETE /Groups/{id} on deletion.
 * - schema.py / exceptions.py: errors are read as SCIM Error bodies (`detail` shown in Authentik).
 *
 * Here the SCIM resources are triggers: users are not stored (their id is the Authentik pk), each
 * write syncs the users it names through sync.accounts; groups keep only their member ids.
 */
import express, { Router } from "express";
import type { Logger } from "pino";
import type { AppContext } from "../../../kernel/runtime/app-context.ts";
import { SCIM_CONTENT_TYPE } from "./scim-wire.ts";
import { SCIM_PREFIX, serviceProviderConfig } from "./scim-resources.ts";
import { requireScimToken, scimErrorHandler, scimNotFound, sendScim } from "./scim-http.ts";
import { scimUserRoutes } from "./scim-users.ts";
import { scimGroupRoutes } from "./scim-groups.ts";
import type { RouteDoc } from "../../../kernel/feature.ts";

export function scimRoutes(app: AppContext, logger: Logger): Router {
  const router = Router();
  router.use(SCIM_PREFIX, requireScimToken(app, logger));
  // /api parses application/json already; Authentik sends application/scim+json.
  router.use(SCIM_PREFIX, express.json({ type: SCIM_CONTENT_TYPE, limit: "1mb" }));
  router.get(`${SCIM_PREFIX}/ServiceProviderConfig`, (_req, res) => sendScim(res, 200, serviceProviderConfig));
  router.use(scimUserRoutes(app, logger));
  router.use(scimGroupRoutes(app, logger));
  router.use(SCIM_PREFIX, scimNotFound);
  router.use(SCIM_PREFIX, scimErrorHandler(logger));
  return router;
}

const scimDoc = (method: string, path: string, summary: string): RouteDoc => ({ method, path: `${SCIM_PREFIX}${path}`, summary: `SCIM (Authentik provider, AUTHENTIK_SCIM_TOKEN): ${summary}`, public: true });

export const scimDocs: RouteDoc[] = [
  scimDoc("GET", "/ServiceProviderConfig", "what this receiver supports (PATCH for group members)"),
  scimDoc("GET", "/Users/:id", "an Authentik user as SCIM (id: its pk)"),
  scimDoc("POST", "/Users", "a user was created: sync that user"),
  scimDoc("PUT", "/Users/:id", "a user changed: sync that user"),
  scimDoc("PATCH", "/Users/:id", "a user changed: sync that user"),
  scimDoc("DELETE", "/Users/:id", "a user was deleted: sync that user (deactivation policy)"),
  scimDoc("GET", "/Groups", "the groups Authentik pushed"),
  scimDoc("GET", "/Groups/:id", "one pushed group with its members"),
  scimDoc("POST", "/Groups", "a group was created: sync its members"),
  scimDoc("PUT", "/Groups/:id", "a group was replaced: sync the members who joined or left"),
  scimDoc("PATCH", "/Groups/:id", "members added or removed: sync exactly those users"),
  scimDoc("DELETE", "/Groups/:id", "a group was deleted: sync its former members"),
];
