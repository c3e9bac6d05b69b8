import type { Logger } from "pino";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { ActionContext } from "../../kernel/runtime/define-action.ts";

/** Scheduled, pushed and SCIM-triggered syncs act as the system; the audit log names which one. */
export function systemContext(app: AppContext, logger: Logger, id: "authentik-schedule" | "authentik-push" | "authentik-scim"): ActionContext {
  return { app, logger, actor: { kind: "system", id, powerLevel: Number.POSITIVE_INFINITY } };
}
