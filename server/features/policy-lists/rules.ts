import type { PolicyRule, PolicyRuleKind } from "../../../shared/policy-lists.ts";

/** The stable types, then the ones older Mjolnir/Draupnir lists still carry (the spec lists them as aliases). */
const RULE_TYPES: Record<string, PolicyRuleKind> = {
  "m.policy.rule.user": "user",
  "m.policy.rule.server": "server",
  "m.policy.rule.room": "room",
  "m.room.rule.user": "user",
  "m.room.rule.server": "server",
  "m.room.rule.room": "room",
  "org.matrix.mjolnir.rule.user": "user",
  "org.matrix.mjolnir.rule.server": "server",
  "org.matrix.mjolnir.rule.room": "room",
};

export const RULE_EVENT_TYPE: Record<PolicyRuleKind, string> = {
  user: "m.policy.rule.user",
  server: "m.policy.rule.server",
  room: "m.policy.rule.room",
};

const BAN_RECOMMENDATIONS = new Set(["m.ban", "org.matrix.mjolnir.ban"]);

export function isPolicyRuleType(type: string): boolean {
  return type in RULE_TYPES;
}

/** The state key Mjolnir and Draupnir write for a rule, so they update the same event we do. */
export function ruleStateKey(entity: string): string {
  return `rule:${entity}`;
}

type StateEvent = { type: string; state_key?: string; content?: Record<string, unknown>; event_id?: string };

/**
 * The ban rules in a policy room's state. A rule whose content was emptied (how a rule is removed),
 * or whose recommendation is not a ban, or whose entity is not a string, is no rule.
 */
export function rulesFromState(source: string, events: StateEvent[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const event of events) {
    const kind = RULE_TYPES[event.type];
    if (!kind || event.state_key === undefined) continue;
    const { entity, recommendation, reason } = event.content ?? {};
    if (typeof entity !== "string" || !entity || typeof recommendation !== "string" || !BAN_RECOMMENDATIONS.has(recommendation)) continue;
    rules.push({ kind, entity, reason: typeof reason === "string" ? reason : "", source, type: event.type, stateKey: event.state_key });
  }
  return rules;
}
