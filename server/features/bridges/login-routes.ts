import { Router, type RequestHandler, type Request, type Response } from "express";
import { runAction } from "../../kernel/runtime/run-action.ts";
import type { Action } from "../../kernel/runtime/define-action.ts";
import type { BridgeLoginProgress } from "../../../shared/bridges.ts";
import type { RouteDoc, RouteKit } from "../../kernel/feature.ts";
import { bridgeLoginCancel, bridgeLoginInput, bridgeLoginWait } from "./login-steps.ts";

export const loginRouteDocs: RouteDoc[] = [
  { method: "POST", path: "/api/bridges/:network/login/:loginId/wait", summary: "bridges.login-wait for the widget: the next step, or 202 still waiting" },
  { method: "POST", path: "/api/bridges/:network/login/:loginId/input", summary: "bridges.login-input for the widget: the next step" },
  { method: "POST", path: "/api/bridges/:network/login/:loginId/cancel", summary: "bridges.login-cancel for the widget" },
];

/**
 * The login step actions under the paths the widget has always used: the network and login from the
 * path, the rest from the body, then the one pipeline (permission first, then input, plan, apply, audit).
 */
export function loginRoutes(kit: RouteKit) {
  const run = <R>(action: Action<any, any, R>, req: Request, res: Response): Promise<R> => {
    const input = { ...(req.body ?? {}), bridge: req.params.network, loginId: req.params.loginId };
    return runAction(action, kit.actionContext(res), input, "apply").then((done) => done.result!);
  };
  return (guard: RequestHandler) => {
    const router = Router();
    router.post("/api/bridges/:network/login/:loginId/wait", guard, async (req, res) => {
      const progress: BridgeLoginProgress = await run(bridgeLoginWait, req, res);
      res.status(progress.waiting ? 202 : 200).json(progress);
    });
    router.post("/api/bridges/:network/login/:loginId/input", guard, async (req, res) => void res.json(await run(bridgeLoginInput, req, res)));
    router.post("/api/bridges/:network/login/:loginId/cancel", guard, async (req, res) => void res.json(await run(bridgeLoginCancel, req, res)));
    return router;
  };
}
