import type { ZodType } from "zod";
import type { Logger } from "pino";
import type { AppContext } from "./app-context.ts";
import type { ActionFamily } from "../../../shared/actions.ts";
import type { Actor, Permission } from "../authority/actor.ts";

export type { Actor, Permission };

export type ActionContext = {
  app: AppContext;
  actor: Actor;
  logger: Logger;
  requestId?: string;
};

/** I: input, P: plan (what apply gets), R: result, S: the plan as callers are shown it. */
export type Action<I = any, P = any, R = any, S = P> = {
  name: string;
  family: ActionFamily;
  permission: Permission;
  summary: string;
  input: ZodType<I>;
  /** A valid input, shown in the OpenAPI document and used as the base of the bad-input tests. */
  example?: unknown;
  /** Reads only; returns what would change. Throws ApiError for a refusal the caller must see. */
  plan(ctx: ActionContext, input: I): Promise<P>;
  /** Performs the plan; must be safe to repeat (idempotent) since a crash may replay it. */
  apply(ctx: ActionContext, plan: P, input: I): Promise<R>;
  /**
   * What callers are shown of the plan (the response, a chat reply), when the plan also carries data
   * only apply needs. The whole plan stays plain data, so apply never depends on this process's memory.
   */
  present?(plan: P): S;
  /** Set when the action posts its own moderator-room notice, so the routine one is not doubled. */
  ownNotice?: boolean;
  /** The audit "target" column (room, user...). */
  target?(input: I, plan: P): string | undefined;
  /**
   * The target's parts (counts, a user, a room) when `target` is a phrase: kept in the audit detail
   * so each client words it in its own language; `target` stays the English text for CLI and chat.
   */
  targetParams?(input: I, plan: P): Record<string, string | number>;
  /**
   * What the audit row keeps, where the default (the result, large arrays counted, secret fields
   * dropped) would keep too much: of the input (names of typed fields, never their values), and of
   * the result (null: nothing happened worth a row, such as a wait that ended without news).
   */
  auditDetail?: { input?(input: I): Record<string, unknown>; result?(result: R): Record<string, unknown> | null };
};

export function defineAction<I, P, R, S = P>(action: Action<I, P, R, S>): Action<I, P, R, S> {
  return action;
}
