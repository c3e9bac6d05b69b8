import type { RequestHandler, Response } from "express";
import { ApiError } from "./api-error.ts";
import type { SessionTokens } from "../auth/sessions.ts";
import type { ModeratorCheck, ModeratorStanding } from "../auth/moderator-check.ts";

import type { ActionFamily } from "../../shared/actions.ts";

/** Who is calling: a person through a widget session, or an automation API token. */
export type RequestActor =
  | { kind: "session"; userId: string; standing: ModeratorStanding }
  | { kind: "token"; tokenName: string; powerLevel: number; scopes: ActionFamily[] };

export function actorOf(res: Response): RequestActor {
  const actor = res.locals.actor as RequestActor | undefined;
  if (!actor) throw new Error("route is missing the requireModerator middleware");
  return actor;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

/** Accepts a valid session and re-reads the person's power level: a demotion takes effect at once. */
export function requireModerator(sessions: SessionTokens, moderators: ModeratorCheck): RequestHandler {
  return async (req, res, next) => {
    const token = bearer(req.header("authorization"));
    if (!token) {
      throw ApiError.unauthenticated("Sign-in required: no session token was sent.", "Open the dashboard from the widget in the moderator room.");
    }
    const userId = await sessions.verify(token);
    const standing = await moderators.require(userId);
    res.locals.actor = { kind: "session", userId, standing } satisfies RequestActor;
    next();
  };
}
