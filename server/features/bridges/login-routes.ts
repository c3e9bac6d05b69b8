import { Router, type RequestHandler, type Request, type Response } from "express";
import { runAction } from "../../kernel/runtime/run-action.ts";
import type { Action } from "../../kernel/runtime/define-action.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { BridgeLoginProgress } from "../../../shared/bridges.ts";
import type { Caller, RouteDoc, RouteKit } from "../../kernel/feature.ts";
import { bridgeLoginCancel, bridgeLoginInput, bridgeLoginWait } from "./login-steps.ts";

export const loginRouteDocs: RouteDoc[] = [
  { method: "POST", path: "/api/bridges/:network/login/:loginId/wait", summary: "bridges.login-wait for the widget: the next step, or 202 still waiting" },
  { method: "POST", path: "/api/bridges/:network/login/:loginId/input", summary: "bridges.login-input for the widget: the next step" },
  { method: "POST", path: "/api/bridges/:network/login/:loginId/cancel", summary: "bridges.login-cancel for the widget" },
];

type LoginStepRunner = <R>(action: Action<any, any, R>, caller: Caller, input: unknown) => Promise<R>;

/** Runs a login step action for the caller through the one pipeline (permission first, then input, plan, apply, audit). */
export function loginStepRunner(app: AppContext): LoginStepRunner {
  return (action, caller, input) => runAction(action, { ...caller, app }, input, "apply").then((done) => done.result!);
}

/**
 * The login step actions under the paths the widget has always used: the network and login from the
 * path, the rest from the body, then the one pipeline.
 */
export function loginRoutes(caps: { runLoginStep: LoginStepRunner }, kit: RouteKit) {
  const run = <R>(action: Action<any, any, R>, req: Request, res: Response): Promise<R> => {
    const input = { ...(req.body ?? {}), bridge: req.params.network, loginId: req.params.loginId };
    return caps.runLoginStep(action, kit.caller(res), input);
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
