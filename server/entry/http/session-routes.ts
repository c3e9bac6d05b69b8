import { Router } from "express";
import { CreateSessionInput, type SessionInfo } from "../../../shared/session.ts";
import { verifyOpenIdToken } from "../../kernel/authority/openid.ts";
import type { SessionTokens } from "../../kernel/authority/sessions.ts";
import { displayLevel, type ModeratorCheck } from "../../kernel/authority/moderator-check.ts";
import type { AuditLog } from "../../kernel/store/audit.ts";
import type { SignInRateLimit } from "./rate-limit.ts";

export function sessionRoutes(deps: {
  homeserverUrl: string;
  serverName: string;
  adminPowerLevel: number;
  sessions: SessionTokens;
  moderators: ModeratorCheck;
  audit: AuditLog;
  rateLimit: SignInRateLimit;
}): Router {
  const router = Router();
  // Exchanges a widget OpenID token for a session; the widget calls it again to renew.
  router.post("/api/session", async (req, res) => {
    // Counted before anything else: a bad body or a made-up token still costs an attempt.
    deps.rateLimit.take(req.ip ?? "unknown");
    const input = CreateSessionInput.parse(req.body);
    const userId = await verifyOpenIdToken(input.openIdToken, deps.homeserverUrl, deps.serverName);
    let standing;
    try {
      standing = await deps.moderators.require(userId);
    } catch (err) {
      deps.audit.write({ actor: userId, actorKind: "session", action: "session.create", result: "error", detail: { reason: (err as Error).message } });
      throw err;
    }
    const { token, expiresAt } = await deps.sessions.issue(userId);
    const info: SessionInfo = {
      token,
      expiresAt: expiresAt.toISOString(),
      userId,
      powerLevel: displayLevel(standing.powerLevel),
      requiredPowerLevel: standing.requiredPowerLevel,
      adminPowerLevel: deps.adminPowerLevel,
      moderatorRoomId: standing.moderatorRoomId,
    };
    res.json(info);
  });
  return router;
}
