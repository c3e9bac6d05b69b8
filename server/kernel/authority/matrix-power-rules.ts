import {
  CREATOR_POWER,
  creatorsHaveInfinitePower,
  describeLevel,
  powerLevelFromState,
  roomCreators,
  type CreateContent,
  type PowerLevelsContent,
} from "../matrix/power-levels.ts";

/**
 * Matrix's authorization rules for an m.room.power_levels event (spec, room versions 1-12, rule
 * "If type is m.room.power_levels"), judged for a given sender: would the homeserver accept this
 * change had that person sent it themselves? The dashboard sends with the bot's power, so it asks
 * this first wherever the community's own trust root (the moderator room) is changed.
 */
export type PowerLevelsChange = {
  sender: string;
  create: { sender: string; content: CreateContent };
  before: PowerLevelsContent | null;
  after: PowerLevelsContent;
  /** A lower level the sender acts with (an API token's lesser grant); never raises them. */
  actingLevel?: number;
};

export type RuleVerdict = { ok: true } | { ok: false; reason: string };

const SCALARS = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"] as const;

/** The level the room asks of whoever sends m.room.power_levels (state_default is 0 without a power-levels event). */
export function requiredToChangePowerLevels(before: PowerLevelsContent | null): number {
  if (!before) return 0;
  return before.events?.["m.room.power_levels"] ?? before.state_default ?? 50;
}

/** Entries whose value differs between two maps (added, changed or removed), with both sides. */
function alterations(before: Record<string, number> = {}, after: Record<string, number> = {}) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).map((k) => ({ key: k, from: before[k], to: after[k] }));
}

export function powerLevelsChangeAllowed(c: PowerLevelsChange): RuleVerdict {
  const senderLevel = Math.min(powerLevelFromState(c.sender, c.create.content, c.before, c.create.sender), c.actingLevel ?? CREATOR_POWER);
  const required = requiredToChangePowerLevels(c.before);
  if (senderLevel < required) {
    return { ok: false, reason: `Changing power levels in this room needs level ${required}; ${c.sender} has ${describeLevel(senderLevel)}.` };
  }
  if (creatorsHaveInfinitePower(c.create.content.room_version)) {
    const listed = roomCreators(c.create.content, c.create.sender).filter((u) => c.after.users?.[u] !== undefined);
    if (listed.length) return { ok: false, reason: `Room creators cannot be given a level in this room version (${listed.join(", ")}).` };
  }
  if (!c.before) return { ok: true };

  const tooHigh = (what: string, from: number | undefined, to: number | undefined): RuleVerdict => {
    if (from !== undefined && from > senderLevel) return { ok: false, reason: `${what} is ${from}, above ${c.sender}'s level (${describeLevel(senderLevel)}): only someone at ${from} or more may change it.` };
    if (to !== undefined && to > senderLevel) return { ok: false, reason: `${c.sender} cannot set ${what} to ${to}, above their own level (${describeLevel(senderLevel)}).` };
    return { ok: true };
  };
  const checks: RuleVerdict[] = [
    ...SCALARS.filter((k) => c.before![k] !== c.after[k]).map((k) => tooHigh(k, c.before![k], c.after[k])),
    ...alterations(c.before.events, c.after.events).map((a) => tooHigh(`the level for ${a.key}`, a.from, a.to)),
    ...alterations(c.before.notifications as Record<string, number>, c.after.notifications as Record<string, number>).map((a) => tooHigh(`the level for notifications.${a.key}`, a.from, a.to)),
    ...alterations(c.before.users, c.after.users).map((a) => tooHigh(`the level of ${a.key}`, a.from, a.to)),
    ...alterations(c.before.users, c.after.users)
      .filter((a) => a.key !== c.sender && a.from !== undefined && a.from >= senderLevel)
      .map((a): RuleVerdict => ({ ok: false, reason: `${c.sender} cannot change the level of ${a.key} (${a.from}), who is at or above their own (${describeLevel(senderLevel)}).` })),
  ];
  return checks.find((v) => !v.ok) ?? { ok: true };
}
