import { Router, type Response } from "express";
import type { Logger } from "pino";
import type { AppContext } from "../../../kernel/runtime/app-context.ts";
import type { AuthentikUser } from "../../../kernel/authentik/types.ts";
import { PatchBody, ScimError, ScimUserBody, ScimUserId } from "./scim-wire.ts";
import { SCIM_PREFIX, userResource } from "./scim-resources.ts";
import { syncScimUsers } from "./scim-sync.ts";
import { announceJobs, parseScim, sendScim } from "./scim-http.ts";

/** Users: each write syncs that one Authentik user; the SCIM id is the user's Authentik pk. */
export function scimUserRoutes(app: AppContext, logger: Logger): Router {
  const router = Router();
  const client = () => app.authentik!;
  const base = app.config.publicUrl;

  const pkOf = (id: string): number => {
    if (!ScimUserId.safeParse(id).success) throw new ScimError(404, `No SCIM user ${id.slice(0, 100)}: ids are Authentik user pks.`);
    return Number(id);
  };
  const existing = async (id: string): Promise<AuthentikUser> => {
    const user = await client().getUser(pkOf(id));
    if (!user) throw new ScimError(404, `No Authentik user with pk ${id}.`);
    return user;
  };
  const answer = async (res: Response, status: number, user: AuthentikUser) => {
    announceJobs(res, await syncScimUsers(app, logger, [String(user.pk)]));
    sendScim(res, status, userResource(user, base));
  };

  router.get(`${SCIM_PREFIX}/Users/:id`, async (req, res) => sendScim(res, 200, userResource(await existing(req.params.id), base)));

  router.post(`${SCIM_PREFIX}/Users`, async (req, res) => {
    const body = parseScim(ScimUserBody, req.body);
    // Authentik's API has no filter by uid (the externalId it sends), but usernames are unique.
    const { users } = await client().listUsers({ username: body.userName });
    const user = users.find((u) => u.username === body.userName);
    if (!user) throw new ScimError(400, `userName: no Authentik user ${body.userName} is visible to AUTHENTIK_TOKEN; the SCIM userName must be the Authentik username.`, "invalidValue");
    await answer(res, 201, user);
  });

  router.put(`${SCIM_PREFIX}/Users/:id`, async (req, res) => {
    pkOf(req.params.id);
    parseScim(ScimUserBody, req.body);
    await answer(res, 200, await existing(req.params.id));
  });

  router.patch(`${SCIM_PREFIX}/Users/:id`, async (req, res) => {
    pkOf(req.params.id);
    parseScim(PatchBody, req.body);
    await answer(res, 200, await existing(req.params.id));
  });

  // Authentik deletes the user first: the sync then finds the pk gone and applies the deactivation policy.
  router.delete(`${SCIM_PREFIX}/Users/:id`, async (req, res) => {
    const pk = pkOf(req.params.id);
    const known = app.syncStore.knownUsers().some((u) => u.authentikPk === pk);
    if (!known && !(await client().getUser(pk))) throw new ScimError(404, `No user ${pk} in Authentik or among the users the sync knows.`);
    announceJobs(res, await syncScimUsers(app, logger, [String(pk)]));
    res.status(204).end();
  });
  return router;
}
