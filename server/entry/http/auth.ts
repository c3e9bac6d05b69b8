import type { RequestHandler, Response } from "express";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { SessionTokens } from "../../kernel/authority/sessions.ts";
import type { ModeratorCheck, ModeratorStanding } from "../../kernel/authority/moderator-check.ts";

import type { ActionFamily } from "../../../shared/actions.ts";
import { ApiTokens } from "../../kernel/authority/api-tokens.ts";
import type { CallerRateLimit } from "./rate-limit.ts";

/** Who is calling: a person through a widget session, or an automation API token. */
export type RequestActor =
  | { kind: "session"; userId: string; standing: ModeratorStanding }
  | { kind: "token"; tokenId: string; tokenName: string; createdBy: string; powerLevel: number; scopes: ActionFamily[] };

export function actorOf(res: Response): RequestActor {
  const actor = res.locals.actor as RequestActor | undefined;
  if (!actor) throw new Error("route is missing the requireCaller middleware");
  return actor;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

export type CallerAuth = { sessions: SessionTokens; moderators: ModeratorCheck; apiTokens: ApiTokens; rateLimit: CallerRateLimit };

/**
 * Accepts a widget session (re-reading the person's membership and level in the moderator room, so
 * a demotion, kick or ban takes effect at once) or an automation API token (acting with the lesser
 * of its grant and its creator's standing now), and counts the request against that caller's rate limit.
 * Tokens read with the "read" scope; other writes than actions (which check their own family)
 * need the "admin" scope.
 */
export function requireCaller(auth: CallerAuth): RequestHandler {
  return async (req, res, next) => {
    const presented = bearer(req.header("authorization"));
    if (!presented) {
      throw ApiError.unauthenticated("Sign-in required: no session or API token was sent.", "Open the dashboard from the widget in the moderator room, or send an API token.").saying("signInRequired");
    }
    if (ApiTokens.looksLikeToken(presented)) {
      const token = auth.apiTokens.verify(presented);
      auth.rateLimit.take(`token:${token.id}`);
      const isAction = req.method === "POST" && req.path.startsWith("/api/actions/");
      const needed: ActionFamily | null = req.method === "GET" ? "read" : isAction ? null : "admin";
      if (needed && !token.scopes.includes(needed)) {
        throw ApiError.forbidden(`The API token "${token.name}" lacks the "${needed}" scope for ${req.method} ${req.path}.`);
      }
      // The lesser of the token's grant and its creator's standing now (403 when the creator lost it).
      const powerLevel = await auth.moderators.requireToken(token);
      res.locals.actor = { kind: "token", tokenId: token.id, tokenName: token.name, createdBy: token.createdBy, powerLevel, scopes: token.scopes } satisfies RequestActor;
      return next();
    }
    const userId = await auth.sessions.verify(presented);
    auth.rateLimit.take(`session:${userId}`);
    const standing = await auth.moderators.require(userId);
    res.locals.actor = { kind: "session", userId, standing } satisfies RequestActor;
    next();
  };
}
