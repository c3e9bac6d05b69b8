import { Router } from "express";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { AppContext } from "../../../kernel/runtime/app-context.ts";
import { PatchBody, ScimError, ScimGroupBody } from "./scim-wire.ts";
import { SCIM_PREFIX, groupResource, listResponse } from "./scim-resources.ts";
import { ScimGroupStore, changedMembers, type ScimGroup } from "./scim-group-store.ts";
import { applyGroupPatch } from "./scim-group-patch.ts";
import { syncScimUsers } from "./scim-sync.ts";
import { announceJobs, parseScim, sendScim } from "./scim-http.ts";

/**
 * Groups: kept only as id ↔ Authentik group and member ids, so a membership change names the
 * users it touched; those, and only those, are synced. Rooms still come from Authentik's groups.
 */
export function scimGroupRoutes(app: AppContext, logger: Logger): Router {
  const router = Router();
  const store = new ScimGroupStore(app.store.db);
  const base = app.config.publicUrl;

  const existing = (id: string): ScimGroup => {
    const group = id.length <= 100 ? store.get(id) : undefined;
    if (!group) throw new ScimError(404, `No SCIM group ${id.slice(0, 100)}.`);
    return group;
  };
  /** Saves the group first: a failed sync leaves membership right, and the next full scan catches up. */
  const write = async (before: string[], after: ScimGroup): Promise<string[]> => {
    store.save(after);
    return syncScimUsers(app, logger, changedMembers(before, after.members));
  };

  router.get(`${SCIM_PREFIX}/Groups`, (req, res) => {
    const startIndex = Math.max(1, Math.min(1_000_000, Number.parseInt(String(req.query.startIndex ?? "1"), 10) || 1));
    sendScim(res, 200, listResponse(store.list().map((g) => groupResource(g, base)), startIndex));
  });

  router.get(`${SCIM_PREFIX}/Groups/:id`, (req, res) => sendScim(res, 200, groupResource(existing(req.params.id), base)));

  router.post(`${SCIM_PREFIX}/Groups`, async (req, res) => {
    const body = parseScim(ScimGroupBody, req.body);
    // Authentik sends the group's pk as externalId: a second POST for it (its link was reset) reuses the id.
    const previous = body.externalId ? store.list().find((g) => g.externalId === body.externalId) : undefined;
    const group: ScimGroup = {
      id: previous?.id ?? randomUUID(),
      displayName: body.displayName,
      externalId: body.externalId,
      members: body.members ? body.members.map((m) => m.value) : (previous?.members ?? []),
    };
    announceJobs(res, await write(previous?.members ?? [], group));
    sendScim(res, 201, groupResource(group, base));
  });

  router.put(`${SCIM_PREFIX}/Groups/:id`, async (req, res) => {
    const before = existing(req.params.id);
    const body = parseScim(ScimGroupBody, req.body);
    const group: ScimGroup = { id: before.id, displayName: body.displayName, externalId: body.externalId ?? before.externalId, members: (body.members ?? []).map((m) => m.value) };
    announceJobs(res, await write(before.members, group));
    sendScim(res, 200, groupResource(group, base));
  });

  router.patch(`${SCIM_PREFIX}/Groups/:id`, async (req, res) => {
    const before = existing(req.params.id);
    const group = applyGroupPatch(before, parseScim(PatchBody, req.body).Operations);
    announceJobs(res, await write(before.members, group));
    sendScim(res, 200, groupResource(group, base));
  });

  router.delete(`${SCIM_PREFIX}/Groups/:id`, async (req, res) => {
    const before = existing(req.params.id);
    store.delete(before.id);
    announceJobs(res, await syncScimUsers(app, logger, before.members));
    res.status(204).end();
  });
  return router;
}
