import { said, type Said } from "../../../shared/said.ts";
import type { EnforcementPlan, PolicyBan, PolicyRule, PolicyUnban, RuleRef } from "../../../shared/policy-lists.ts";
import { globMatches } from "./glob.ts";
import type { RuleIndex } from "./rule-index.ts";
import type { EnforcedBan } from "./enforced-bans.ts";

export type ServerAcl = { allow?: string[]; deny?: string[]; allow_ip_literals?: boolean };

/** What the planner needs to know of one managed room (read by room-facts.ts, faked in tests). */
export type RoomFacts = {
  roomId: string;
  /** Everyone with a membership other than leave: join, invite, knock, ban. */
  members: Array<{ userId: string; membership: string }>;
  acl: ServerAcl | null;
  /** Why the bot cannot ban here (its level), or null. */
  cannotBan: Said | null;
  /** Why the bot cannot change the server ACL here, or null. */
  cannotAcl: Said | null;
};

export type PlanContext = {
  ownServer: string;
  /** Why a user must never be banned by a rule (the bot, a bridge's bot or puppet), or null. */
  protectedUser(userId: string): Said | null;
};

const ACTIVE = new Set(["join", "invite", "knock"]);
const ref = (r: PolicyRule): RuleRef => ({ kind: r.kind, entity: r.entity, reason: r.reason, source: r.source });

function emptyPlan(rooms: number, rules: number): EnforcementPlan {
  return { bans: [], unbans: [], acls: [], protected: [], skipped: [], rooms, rules };
}

/** Server-rule entities that may go into a deny list: never one that matches the homeserver's own server. */
function deniable(index: RuleIndex, ctx: PlanContext, plan: EnforcementPlan): string[] {
  const entities = new Set<string>();
  for (const rule of index.serverRules) {
    if (globMatches(rule.entity, ctx.ownServer)) {
      if (!plan.protected.some((p) => p.entity === rule.entity)) plan.protected.push({ entity: rule.entity, reason: said("banlist.protected-own-server", "matches the homeserver's own server") });
    } else entities.add(rule.entity);
  }
  return [...entities];
}

/**
 * Pure: from the rules and each managed room's members and ACL, every ban (with the rule that
 * matched) and every m.room.server_acl change. Already-banned members and rooms whose ACL already
 * denies a server are left alone, so a second plan after apply is empty. Bans the lists caused
 * (`enforced`) whose rule is gone from every list are offered back as unbans.
 */
export function planEnforcement(rooms: RoomFacts[], index: RuleIndex, ctx: PlanContext, enforced: EnforcedBan[] = []): EnforcementPlan {
  const plan = emptyPlan(rooms.length, index.size);
  const servers = deniable(index, ctx, plan);
  const verdicts = new Map<string, { rule: PolicyRule | undefined; protectedBy: Said | null }>();
  for (const room of rooms) {
    const bans: PolicyBan[] = [];
    for (const member of room.members) {
      if (!ACTIVE.has(member.membership)) continue;
      let verdict = verdicts.get(member.userId);
      if (!verdict) {
        const rule = index.matchUser(member.userId)[0];
        verdict = { rule, protectedBy: rule ? ctx.protectedUser(member.userId) : null };
        verdicts.set(member.userId, verdict);
      }
      if (!verdict.rule) continue;
      if (verdict.protectedBy) plan.protected.push({ entity: member.userId, reason: verdict.protectedBy, room: room.roomId });
      else bans.push({ room: room.roomId, user: member.userId, rule: ref(verdict.rule) });
    }
    for (const ban of enforced) {
      if (ban.room !== room.roomId || !room.members.some((m) => m.userId === ban.user && m.membership === "ban")) continue;
      if (index.matchUser(ban.user).length === 0) plan.unbans.push({ room: ban.room, user: ban.user, rule: { entity: ban.entity, source: ban.source } });
    }
    if (bans.length) {
      if (room.cannotBan) plan.skipped.push({ room: room.roomId, reason: room.cannotBan });
      else plan.bans.push(...bans);
    }
    const current = room.acl?.deny ?? [];
    const add = servers.filter((s) => !current.includes(s));
    if (add.length) {
      if (room.cannotAcl) plan.skipped.push({ room: room.roomId, reason: room.cannotAcl });
      else plan.acls.push({ room: room.roomId, add, remove: [], deny: [...current, ...add] });
    }
  }
  return plan;
}

/**
 * Pure: what removing a rule offers to undo. A user rule: the bans of users it matches, unless
 * another remaining rule still matches them. A server rule: its entry in each room's deny list,
 * unless another remaining server rule names the same entity.
 */
export function planUndo(removed: Pick<PolicyRule, "kind" | "entity">, rooms: RoomFacts[], remaining: RuleIndex): EnforcementPlan {
  const plan = emptyPlan(rooms.length, remaining.size);
  if (removed.kind === "user") {
    for (const room of rooms) {
      const unbans: PolicyUnban[] = room.members
        .filter((m) => m.membership === "ban" && globMatches(removed.entity, m.userId) && remaining.matchUser(m.userId).length === 0)
        .map((m) => ({ room: room.roomId, user: m.userId }));
      if (unbans.length && room.cannotBan) plan.skipped.push({ room: room.roomId, reason: room.cannotBan });
      else plan.unbans.push(...unbans);
    }
  }
  if (removed.kind === "server" && !remaining.serverRules.some((r) => r.entity === removed.entity)) {
    for (const room of rooms) {
      const current = room.acl?.deny ?? [];
      if (!current.includes(removed.entity)) continue;
      if (room.cannotAcl) plan.skipped.push({ room: room.roomId, reason: room.cannotAcl });
      else plan.acls.push({ room: room.roomId, add: [], remove: [removed.entity], deny: current.filter((s) => s !== removed.entity) });
    }
  }
  return plan;
}

export function changeCount(plan: EnforcementPlan): number {
  return plan.bans.length + plan.unbans.length + plan.acls.length;
}
