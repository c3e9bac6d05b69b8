import type { ActionFamily } from "../../../shared/actions.ts";
import type { ActorKind } from "../../../shared/plans.ts";

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

/** moderator: power level ≥ MODERATOR_POWER_LEVEL; admin: ≥ ADMIN_POWER_LEVEL (config). */
export type Permission = "moderator" | "admin";

/** What the authority needs to know of an action to judge a caller (the runtime's Action has it). */
export type ActionRule = { name: string; family: ActionFamily; permission: Permission };
