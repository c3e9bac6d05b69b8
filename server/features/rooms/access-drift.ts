import type { PowerLevelsContent } from "../../kernel/matrix/power-levels.ts";
import { powerLevelFromState, type CreateContent } from "../../kernel/matrix/power-levels.ts";
import type { Moderator } from "./plan-room-creation.ts";

import type { AccessChange } from "../../../shared/plans.ts";

export type { AccessChange };

const TEMPLATE_SETTINGS = ["users_default", "events_default", "state_default", "invite", "kick", "ban", "redact"] as const;

export type RoomAccessFacts = {
  create: CreateContent;
  creator: string | undefined;
  powerLevels: PowerLevelsContent | null;
  /** Moderators joined or invited here; null when the bot cannot know. */
  present: Set<string> | null;
  /** The template's power-level settings, for rooms the dashboard made from one. */
  templateLevels?: PowerLevelsContent;
};

/**
 * Pure: what differs between a room and what it should be (every moderator present at their
 * level; the template's settings kept). The report lists these; the fix applies exactly them.
 */
export function accessDrift(room: RoomAccessFacts, moderators: Moderator[]): AccessChange[] {
  const changes: AccessChange[] = [];
  for (const m of moderators) {
    if (room.present && !room.present.has(m.userId)) changes.push({ kind: "invite-moderator", user: m.userId });
    const level = powerLevelFromState(m.userId, room.create, room.powerLevels, room.creator);
    if (level < m.level) changes.push({ kind: "raise-moderator", user: m.userId, from: level, to: m.level });
  }
  for (const setting of TEMPLATE_SETTINGS) {
    const wanted = room.templateLevels?.[setting];
    if (wanted === undefined) continue;
    const current = room.powerLevels?.[setting];
    if (current !== wanted) changes.push({ kind: "restore-setting", setting, from: current, to: wanted });
  }
  return changes;
}

/** A stable fingerprint of what the report looks at, to tell "changed since the last check". */
export function accessFingerprint(powerLevels: PowerLevelsContent | null, present: Set<string> | null): string {
  const sorted = (o: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ ...sorted(powerLevels as Record<string, unknown>), users: sorted(powerLevels?.users), present: present ? [...present].sort() : null });
}
