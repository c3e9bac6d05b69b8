import { ZodError } from "zod";
import { contextFor, type Action, type ActionContext } from "./define-action.ts";
import { ApiError } from "../errors/api-error.ts";
import { zodToApiError } from "../errors/known-error.ts";
import { describeMatrixFailure, HomeserverFailure } from "../errors/homeserver-failure.ts";
import type { ActionResponse } from "../../../shared/actions.ts";
import { postNotice } from "./moderator-notices.ts";
import { permit } from "../authority/authority.ts";
import { getSetting } from "../store/settings.ts";

/** Who may run the action at all: the authority's rule, with the configured thresholds. */
export function checkPermission(action: Action, ctx: ActionContext): void {
  permit(action, ctx.actor, ctx.app.moderators.thresholds, (name) => getSetting(ctx.app.store.db, name) === "on");
}

function parseInput<I>(action: Action<I>, raw: unknown): I {
  try {
    return action.input.parse(raw);
  } catch (err) {
    if (err instanceof ZodError) throw zodToApiError(err);
    throw err;
  }
}

function asCallerError(err: unknown): unknown {
  if (err instanceof ApiError || err instanceof HomeserverFailure) return err;
  if (typeof (err as { errcode?: unknown })?.errcode === "string") return describeMatrixFailure(err);
  return err;
}

/**
 * The single path every entry point (widget, automation API, CLI, chat command) takes:
 * validate, check permission, plan, and on apply perform it and write the audit log.
 */
export async function runAction<I, P, R, S = P>(
  action: Action<I, P, R, S>,
  ctx: ActionContext,
  rawInput: unknown,
  mode: "plan" | "apply",
): Promise<ActionResponse<S, R>> {
  // Permission first: an unauthorised caller learns nothing, not even what the input should be.
  checkPermission(action, ctx);
  const input = parseInput(action, rawInput);
  // Built once per run: plan and apply see the same capabilities.
  const actionCtx = contextFor(action, ctx);
  let plan: P;
  try {
    plan = await action.plan(actionCtx, input);
  } catch (err) {
    throw asCallerError(err);
  }
  const shown = action.present ? action.present(plan) : (plan as unknown as S);
  if (mode === "plan") return { action: action.name, plan: shown };
  const targetParams = action.targetParams?.(input, plan);
  const ofInput = action.auditDetail?.input?.(input) ?? {};
  const audit = (result: "ok" | "error", detail: Record<string, unknown>) =>
    ctx.app.audit.write({
      actor: ctx.actor.id,
      actorKind: ctx.actor.kind,
      action: action.name,
      target: action.target?.(input, plan) ?? null,
      result,
      detail: { ...ofInput, ...detail, ...(targetParams ? { targetParams } : {}) },
      requestId: ctx.requestId ?? null,
    });
  try {
    const result = await action.apply(actionCtx, plan, input);
    const ofResult = action.auditDetail?.result ? action.auditDetail.result(result) : { result: summarise(result) };
    const auditId = ofResult ? audit("ok", ofResult) : undefined;
    ctx.app.metrics.actions.inc({ action: action.name, result: "ok" });
    if (!action.ownNotice) {
      const target = action.target?.(input, plan);
      // Fire and forget: a notice must never fail or slow the action it reports.
      postNotice(ctx.app, `${ctx.actor.id} · ${action.summary.toLowerCase()}${target ? ` · ${target}` : ""}`).catch((err) =>
        ctx.logger.warn({ err, action: action.name }, "moderator-room notice failed"),
      );
    }
    return { action: action.name, plan: shown, result, auditId };
  } catch (err) {
    const shown = asCallerError(err);
    // The code beside the English lets the Audit screen word it in the reader's language.
    const said = shown instanceof ApiError || shown instanceof HomeserverFailure ? shown.said : undefined;
    audit("error", { message: (shown as Error).message, ...(said ? { said } : {}) });
    ctx.app.metrics.actions.inc({ action: action.name, result: "error" });
    throw shown;
  }
}

// "display": what a bridge login shows to be scanned (a QR code's link), a short-lived credential.
const SECRET_KEYS = new Set(["token", "secret", "password", "accessToken", "access_token", "display"]);

/** Keeps audit rows small and free of secrets: large arrays are counted, secret fields dropped. */
function summarise(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 20 ? { count: value.length } : value;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, v]) => [k, Array.isArray(v) && v.length > 20 ? { count: v.length } : v]),
    );
  }
  return value;
}
