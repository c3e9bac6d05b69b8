import type { ZodType } from "zod";
import type { Logger } from "pino";
import type { AppContext } from "../app-context.ts";
import type { ActionFamily } from "../../shared/actions.ts";
import type { ActorKind } from "../store/audit.ts";

/**
 * Who performs an action. People carry their moderator-room power level (re-read per request);
 * API tokens carry scopes and act for their creator at the lesser of grant and creator's level;
 * the system acts for scheduled work and receivers (authority.ts lists what it may run).
 */
export type Actor = {
  kind: ActorKind;
  /** Matrix user ID for people, token name for API tokens. */
  id: string;
  /** The person acting: the signed-in user, the command's sender, or a token's creator. */
  userId?: string;
  powerLevel: number;
  scopes?: ActionFamily[];
};

export type ActionContext = {
  app: AppContext;
  actor: Actor;
  logger: Logger;
  requestId?: string;
};

/** moderator: power level ≥ MODERATOR_POWER_LEVEL; admin: ≥ ADMIN_POWER_LEVEL (config). */
export type Permission = "moderator" | "admin";

export type Action<I = any, P = any, R = any> = {
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
  /** Set when the action posts its own moderator-room notice, so the routine one is not doubled. */
  ownNotice?: boolean;
  /** The audit "target" column (room, user...). */
  target?(input: I, plan: P): string | undefined;
};

export function defineAction<I, P, R>(action: Action<I, P, R>): Action<I, P, R> {
  return action;
}
