import { Router, type RequestHandler, type Response } from "express";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { runAction } from "../../kernel/runtime/run-action.ts";
import type { ActionContext, Actor } from "../../kernel/runtime/define-action.ts";
import { actorOf } from "./auth.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import type { Logger } from "pino";
import type { Caller } from "../../kernel/feature.ts";

/** The verified caller behind a guarded request, as features' read routes get it. */
export function callerOf(res: Response, logger: Logger): Caller {
  const a = actorOf(res);
  const actor: Actor = a.kind === "session"
    ? { kind: "session", id: a.userId, userId: a.userId, powerLevel: a.standing.powerLevel }
    : { kind: "token", id: `token:${a.tokenName}`, userId: a.createdBy, powerLevel: a.powerLevel, scopes: a.scopes };
  return { actor, logger, requestId: String(res.getHeader("x-request-id") ?? "") };
}

export function actionContext(app: AppContext, res: Response, logger: Logger): ActionContext {
  return { app, ...callerOf(res, logger) };
}

/** Every registered action at POST /api/actions/<name>/plan (changes nothing) and /apply. */
export function actionRoutes(app: AppContext, logger: Logger) {
  return (guard: RequestHandler) => {
    const router = Router();
    router.post("/api/actions/:name/:mode", guard, async (req, res) => {
      const name = String(req.params.name);
      const mode = String(req.params.mode);
      const action = app.actions.get(name);
      if (!action) throw ApiError.notFound(`No action named ${name}.`, "See GET /api/actions for the list.");
      if (mode !== "plan" && mode !== "apply") throw ApiError.notFound(`Use /api/actions/${name}/plan or /apply.`);
      res.json(await runAction(action, actionContext(app, res, logger), req.body ?? {}, mode));
    });
    router.get("/api/actions", guard, (_req, res) => {
      res.json(
        [...app.actions.values()].map((a) => ({ name: a.name, family: a.family, permission: a.permission, summary: a.summary })),
      );
    });
    return router;
  };
}
