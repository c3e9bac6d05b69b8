import type { ActionRule, Actor } from "./actor.ts";
import type { ApiTokenInfo } from "../../../shared/api-tokens.ts";
import { ApiError } from "../errors/api-error.ts";
import { describeLevel, type CreateContent, type PowerLevelsContent } from "../matrix/power-levels.ts";
import { powerLevelsChangeAllowed, type RuleVerdict } from "./matrix-power-rules.ts";

/**
 * Who may do what, in one place. Every front door (widget session, API token, CLI through a token,
 * chat command, receivers acting as the system) reaches actions through these rules:
 *
 * 1. The moderator room is the root of trust: a person stands as moderator or admin only while
 *    JOINED there and at the configured level (invite, leave, ban or knock count as no standing).
 * 2. Changes to the moderator room's power levels follow Matrix's own rules for the actor.
 * 4. An API token acts with the lesser of its grant and its creator's current standing.
 * The system (schedules, receivers, the local CLI holding the bot's token) runs only what it is
 * listed for, never a person's action.
 */
export type Thresholds = { moderatorPowerLevel: number; adminPowerLevel: number };
export type Role = "admin" | "moderator" | "none";

export type Standing = {
  userId: string;
  /** Membership in the moderator room ("join", "invite", "leave", "ban", "knock") or null if never there. */
  membership: string | null;
  /** Level from the moderator room's power levels (CREATOR_POWER for a room-v12 creator). */
  powerLevel: number;
  role: Role;
  /** Why the person has no standing, in words for them; null when they are a moderator or admin. */
  refusal: string | null;
  requiredPowerLevel: number;
  moderatorRoomId: string;
};

const MEMBERSHIP_WORDS: Record<string, string> = {
  ban: "banned from",
  leave: "has left (or was removed from)",
  invite: "only invited to (not joined)",
  knock: "only knocking on (not joined)",
};

/** Rule 1: joined AND at the level. The level alone never makes a moderator. */
export function standingFrom(
  o: { userId: string; membership: string | null; powerLevel: number; moderatorRoomId: string },
  t: Thresholds,
): Standing {
  const base = { ...o, requiredPowerLevel: t.moderatorPowerLevel };
  if (o.membership !== "join") {
    const how = MEMBERSHIP_WORDS[o.membership ?? ""] ?? "not a member of";
    return { ...base, role: "none", refusal: `${o.userId} is not a moderator: ${how} the moderator room (joined membership and power level ${t.moderatorPowerLevel} needed).` };
  }
  if (o.powerLevel < t.moderatorPowerLevel) {
    return { ...base, role: "none", refusal: `${o.userId} is not a moderator: power level ${o.powerLevel} in the moderator room, ${t.moderatorPowerLevel} needed.` };
  }
  return { ...base, role: o.powerLevel >= t.adminPowerLevel ? "admin" : "moderator", refusal: null };
}

export function refuseWithoutStanding(s: Standing): Standing {
  if (!s.refusal) return s;
  const fix = s.membership === "join" ? "Ask an admin of the moderator room to raise your power level." : "Only members of the moderator room can use the dashboard; ask an admin to invite you back.";
  const level = { user: s.userId, level: s.powerLevel, needed: s.requiredPowerLevel };
  const m = s.membership;
  throw ApiError.forbidden(s.refusal, fix).saying(
    m === "join" ? "standingLevelLow" : m === "ban" ? "standingBanned" : m === "leave" ? "standingLeft" : m === "invite" ? "standingInvited" : m === "knock" ? "standingKnocking" : "standingNotMember",
    level,
  );
}

export type TokenStanding = { ok: true; powerLevel: number; creator: Standing } | { ok: false; reason: string; creator: Standing };

/**
 * Rule 4: a token acts with the lesser of its grant and its creator's standing now. A creator who
 * lost standing (demoted below moderator, left, kicked, banned) suspends the token.
 */
export function tokenStanding(token: Pick<ApiTokenInfo, "name" | "powerLevel" | "createdBy">, creator: Standing): TokenStanding {
  if (creator.refusal) return { ok: false, creator, reason: `The API token "${token.name}" is suspended: ${creator.refusal}` };
  return { ok: true, creator, powerLevel: Math.min(token.powerLevel, creator.powerLevel) };
}

export function requireTokenStanding(token: Pick<ApiTokenInfo, "name" | "powerLevel" | "createdBy">, creator: Standing): number {
  const s = tokenStanding(token, creator);
  if (!s.ok) throw ApiError.forbidden(s.reason, "The token's creator must stand as a moderator in the moderator room again, or an admin creates a new token.");
  return s.powerLevel;
}

/** The stored switch an admin turns on to let the system enforce the ban lists by itself. */
export const AUTO_ENFORCE_SWITCH = "policy.auto_enforce";

/**
 * What the system may run, by actor id prefix: receivers and schedules only sync, the local CLI
 * (bot's own token) installs the widget. Ban-list enforcement by the system is the one power an
 * admin grants, and only while the switch (`onlyWhile`, a stored setting) is on.
 */
const SYSTEM_MAY_RUN: Array<{ prefix: string; actions: ReadonlySet<string>; onlyWhile?: string }> = [
  { prefix: "authentik-", actions: new Set(["sync.accounts"]) },
  { prefix: "cli:", actions: new Set(["widget.install"]) },
  { prefix: "policy-lists:", actions: new Set(["policy-lists.enforce"]), onlyWhile: AUTO_ENFORCE_SWITCH },
];

/** Whether a stored switch is on (run-action.ts reads the settings); off when nobody can say. */
export type SwitchReader = (name: string) => boolean;

/** The permission check every action passes first (run-action.ts); throws 403 naming what is missing. */
export function permit(action: ActionRule, actor: Actor, t: Thresholds, switchOn: SwitchReader = () => false): void {
  if (actor.kind === "system") {
    const listed = SYSTEM_MAY_RUN.find((s) => actor.id.startsWith(s.prefix) && s.actions.has(action.name));
    if (listed && (!listed.onlyWhile || switchOn(listed.onlyWhile))) return;
    if (listed) throw ApiError.forbidden(`${actor.id} acts as the system and may run ${action.name} only while an admin has turned "${listed.onlyWhile}" on.`);
    throw ApiError.forbidden(`${actor.id} acts as the system and may not run ${action.name}, which needs a person's standing.`);
  }
  if (actor.kind === "token" && !(actor.scopes ?? []).includes(action.family)) {
    throw ApiError.forbidden(
      `The API token "${actor.id}" lacks the "${action.family}" scope needed for ${action.name}.`,
      "Create a token with that scope in the dashboard's Automation screen.",
    );
  }
  const needed = action.permission === "admin" ? t.adminPowerLevel : t.moderatorPowerLevel;
  if (actor.powerLevel < needed) {
    throw ApiError.forbidden(
      `${action.name} needs power level ${needed} in the moderator room; ${actor.id} has ${actor.powerLevel}.`,
      action.permission === "admin" ? "Ask a community admin to run it." : "Ask an admin of the moderator room to raise your level.",
    ).saying(action.permission === "admin" ? "actionNeedsAdmin" : "actionNeedsModerator", { action: action.name, needed, level: actor.powerLevel });
  }
}

/** A person never hands out more than they hold (group mappings, grants in other rooms). */
export function mayGrant(actor: Actor, level: number): RuleVerdict {
  if (actor.kind === "system" || level <= actor.powerLevel) return { ok: true };
  return { ok: false, reason: `You cannot grant level ${level}, above your own (${describeLevel(actor.powerLevel)}).` };
}

/**
 * Rule 2: a change to the moderator room's power levels is judged as if the actor sent it, at the
 * level they act with (a token: the lesser level). The system acts as the bot, whose own power the
 * homeserver judges.
 */
export function mayChangeModeratorRoom(
  actor: Actor,
  create: { sender: string; content: CreateContent },
  before: PowerLevelsContent | null,
  after: PowerLevelsContent,
): RuleVerdict {
  if (actor.kind === "system") return { ok: true };
  if (!actor.userId) return { ok: false, reason: `${actor.id} acts for no person, so cannot change the moderator room.` };
  const verdict = powerLevelsChangeAllowed({ sender: actor.userId, create, before, after, actingLevel: actor.powerLevel });
  if (verdict.ok) return verdict;
  return { ok: false, reason: `In the moderator room, Matrix's rules decide: ${verdict.reason}` };
}
