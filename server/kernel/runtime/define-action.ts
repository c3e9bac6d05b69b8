import type { ZodType } from "zod";
import type { Logger } from "pino";
import type { AppContext } from "./app-context.ts";
import type { ActionFamily } from "../../../shared/actions.ts";
import type { Actor, Permission } from "../authority/actor.ts";

export type { Actor, Permission };

/** What an entry point hands `runAction`: the whole app, the verified actor, where to log. */
export type ActionContext = {
  app: AppContext;
  actor: Actor;
  logger: Logger;
  requestId?: string;
};

/**
 * Who is asking, as an entry point lends it to a feature's routes and chat commands: the verified
 * actor, where to log, the request id, but not the app. A capability that runs an action for them
 * (or a read that judges them) takes the caller and adds the app itself.
 */
export type Caller = Omit<ActionContext, "app">;

/**
 * What a narrowed action's plan and apply get: the few capabilities it declared (`caps`), not the
 * whole app, so a planner can be unit-tested with small fakes of our own adapters.
 */
export type CapabilityContext<C> = {
  caps: C;
  actor: Actor;
  logger: Logger;
  requestId?: string;
};

/** What every action has, narrowed or not. */
type ActionShape<I, P, R, S> = {
  name: string;
  family: ActionFamily;
  permission: Permission;
  summary: string;
  input: ZodType<I>;
  /** A valid input, shown in the OpenAPI document and used as the base of the bad-input tests. */
  example?: unknown;
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

/**
 * An action that declares its capabilities: `capabilities(app)` picks the few adapters and stores it
 * uses (typed as narrow interfaces), and plan/apply see only those.
 */
export type NarrowAction<I, P, R, S, C> = ActionShape<I, P, R, S> & {
  capabilities(app: AppContext): C;
  /** Reads only; returns what would change. Throws ApiError for a refusal the caller must see. */
  plan(ctx: CapabilityContext<C>, input: I): Promise<P>;
  /** Performs the plan; must be safe to repeat (idempotent) since a crash may replay it. */
  apply(ctx: CapabilityContext<C>, plan: P, input: I): Promise<R>;
};

/**
 * I: input, P: plan (what apply gets), R: result, S: the plan as callers are shown it. Every action
 * declares its capabilities: there is no whole-app form, so a new action cannot reach past them.
 */
export type Action<I = any, P = any, R = any, S = P> = NarrowAction<I, P, R, S, any>;

export function defineAction<I, P, R, S = P, C = never>(action: NarrowAction<I, P, R, S, C>): NarrowAction<I, P, R, S, C> {
  return action;
}

/** The context plan and apply get: the capabilities the action declared, built once per run. */
export function contextFor<C>(action: NarrowAction<any, any, any, any, C>, ctx: ActionContext): CapabilityContext<C> {
  return { caps: action.capabilities(ctx.app), actor: ctx.actor, logger: ctx.logger, requestId: ctx.requestId };
}
