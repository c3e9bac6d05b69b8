import { Router, type Request } from "express";
import { sameSecret } from "../../kernel/authority/same-secret.ts";
import { z } from "zod";
import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { bearer } from "../http/auth.ts";
import { runAutomaticSync } from "../../features/sync/auto-sync.ts";
import type { SyncInput } from "../../../shared/sync.ts";

/**
 * What Authentik may push: `{"pk": 12}` or `{"username": "alice"}`, or the event's model as a
 * notification webhook mapping returns it (`{"model": notification.event.context["model"]}`).
 */
const PushBody = z.union([
  z.object({ pk: z.coerce.number().int().positive() }),
  z.object({ username: z.string().trim().min(1).max(150) }),
  z.object({ model: z.object({ model_name: z.string(), pk: z.union([z.number(), z.string()]) }) }),
]);

/** Headers only: a secret in the query string ends up in proxy logs, browser history and Referer headers. */
function givenSecret(req: Request): string | undefined {
  return req.header("x-webhook-secret") || bearer(req.header("authorization"));
}

function syncInputFor(body: z.infer<typeof PushBody>): SyncInput {
  if ("pk" in body) return { scope: "full", pks: [body.pk] };
  if ("username" in body) return { scope: "full", users: [body.username] };
  // Group membership changes do not touch the users' last_updated: only a full pass sees them.
  if (body.model.model_name === "user") return { scope: "full", pks: [Number(body.model.pk)] };
  return { scope: "full" };
}

/** POST /api/sync/push: Authentik tells the dashboard that someone changed; that person is synced at once. */
export function pushRoute(app: AppContext, logger: Logger): Router {
  const router = Router();
  router.post("/api/sync/push", async (req, res) => {
    const secret = app.config.authentik?.webhookSecret;
    if (!secret) throw ApiError.notFound("The Authentik push endpoint is off.", "Set AUTHENTIK_WEBHOOK_SECRET (and AUTHENTIK_URL, AUTHENTIK_TOKEN) to turn it on.");
    if ("secret" in req.query) {
      logger.warn({ ip: req.ip }, "Authentik push with the secret in the query string, refused");
      throw ApiError.badRequest(
        "The webhook secret was sent in the query string, which is not accepted (it would end up in logs).",
        "secret",
        "Send AUTHENTIK_WEBHOOK_SECRET in the X-Webhook-Secret header (or as a Bearer token), and rotate it: it may have been logged.",
      );
    }
    const given = givenSecret(req);
    if (!given || !sameSecret(given, secret)) {
      logger.warn({ ip: req.ip }, "Authentik push with a missing or wrong secret");
      throw ApiError.unauthenticated("Missing or wrong webhook secret.", "Send AUTHENTIK_WEBHOOK_SECRET in the X-Webhook-Secret header (or as a Bearer token).");
    }
    const input = syncInputFor(PushBody.parse(req.body ?? {}));
    const out = await runAutomaticSync(app, logger, "authentik-push", input);
    res.status(202).json({
      scope: out.plan.scope,
      planId: out.plan.planId,
      changes: out.plan.total,
      counts: out.plan.counts,
      jobId: out.applied?.jobId ?? null,
      heldBecause: out.heldBecause,
      // Authentik reads this answer, not a person in a language: the English sentences, as before.
      warnings: out.plan.warnings.map((w) => w.text),
    });
  });
  return router;
}
