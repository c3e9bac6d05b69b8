import { Router, type RequestHandler, type Response } from "express";
import { z } from "zod";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { BridgeLoginFieldsInput, BridgeLoginWaitInput, LoginProcessId, type BridgeLoginProgress, type BridgeLoginStep } from "../../../shared/bridges.ts";
import { checkPermission } from "../../kernel/runtime/run-action.ts";
import type { ActionContext } from "../../kernel/runtime/define-action.ts";
import { bridgeLogin, provisioningOf } from "./login.ts";
import { bridgeFor } from "./registry.ts";
import type { MautrixBridge } from "./mautrix-bridge.ts";
import { LoginWaits } from "./login-waits.ts";
import type { RouteDoc, RouteKit } from "../../kernel/feature.ts";

/** Below the widget's 20 s request timeout: the widget asks again after "still waiting". */
const PATIENCE_MS = 15_000;
const LoginParams = z.object({ network: z.string(), loginId: LoginProcessId });

export const loginRouteDocs: RouteDoc[] = [
  { method: "POST", path: "/api/bridges/:network/login/:loginId/wait", summary: "Wait for a bridge login's display step (QR code scanned): the next step, or 202 still waiting" },
  { method: "POST", path: "/api/bridges/:network/login/:loginId/input", summary: "Submit the fields a bridge login step asks for (user_input): the next step" },
];

/** Audits how a login step ended (never its QR data or the values typed in), and names a completed login. */
async function settled(ctx: ActionContext, bridge: MautrixBridge, step: Promise<BridgeLoginStep>, detail: Record<string, unknown> = {}): Promise<BridgeLoginStep> {
  const audit = (result: "ok" | "error", more: Record<string, unknown>) =>
    ctx.app.audit.write({ actor: ctx.actor.id, actorKind: ctx.actor.kind, action: `${bridgeLogin.name}.step`, target: bridge.config.network, result, detail: { ...detail, ...more }, requestId: ctx.requestId ?? null });
  try {
    const next = await step;
    if (next.type === "complete") {
      ctx.app.health.invalidate();
      const logins = await bridge.provisioning!.whoami(bridge.actingUser).then((w) => w.logins, () => []);
      next.loginName = logins.find((l) => l.id === next.userLoginId)?.name ?? null;
    }
    audit("ok", { next: next.type, ...(next.type === "complete" ? { userLoginId: next.userLoginId } : {}) });
    return next;
  } catch (err) {
    audit("error", { message: (err as Error).message });
    throw err;
  }
}

/** The steps of a bridge login after bridges.login started it; each checks the caller as the action does. */
export function loginRoutes(app: AppContext, kit: RouteKit) {
  const waits = new LoginWaits();
  const prepare = (req: { params: unknown }, res: Response) => {
    const ctx = kit.actionContext(res);
    checkPermission(bridgeLogin, ctx);
    const { network, loginId } = LoginParams.parse(req.params);
    const bridge = bridgeFor(app, network);
    return { ctx, bridge, provisioning: provisioningOf(bridge), loginId };
  };
  return (guard: RequestHandler) => {
    const router = Router();
    router.post("/api/bridges/:network/login/:loginId/wait", guard, async (req, res) => {
      const { ctx, bridge, provisioning, loginId } = prepare(req, res);
      const { stepId } = BridgeLoginWaitInput.parse(req.body ?? {});
      const key = [bridge.config.network, loginId, stepId].join("\n");
      const start = () => settled(ctx, bridge, provisioning.waitForLogin(bridge.actingUser, loginId, stepId), { stepId });
      const step = await waits.next(key, start, PATIENCE_MS);
      res.status(step ? 200 : 202).json((step ? { waiting: false, step } : { waiting: true }) satisfies BridgeLoginProgress);
    });
    router.post("/api/bridges/:network/login/:loginId/input", guard, async (req, res) => {
      const { ctx, bridge, provisioning, loginId } = prepare(req, res);
      const { stepId, fields } = BridgeLoginFieldsInput.parse(req.body ?? {});
      const step = await settled(ctx, bridge, provisioning.submitLoginInput(bridge.actingUser, loginId, stepId, fields), { stepId, fields: Object.keys(fields) });
      res.json({ waiting: false, step } satisfies BridgeLoginProgress);
    });
    return router;
  };
}
