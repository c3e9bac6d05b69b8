/** Power-level maths from the spec, including room version 12's "creators are above everyone". */

export const CREATOR_POWER = Number.POSITIVE_INFINITY;

/**
 * A level as data (API answers, plans): JSON has no Infinity, so a room-v12 creator's unlimited
 * power is shown as 101, one above any level a room can assign. The one place this is decided.
 */
export function shownLevel(level: number): number {
  return level === CREATOR_POWER ? 101 : level;
}

/** A level in a sentence (refusals, warnings): a creator's says so. */
export function describeLevel(level: number): string {
  return level === CREATOR_POWER ? "creator (unlimited)" : String(level);
}

export type CreateContent = { creator?: string; room_version?: string; additional_creators?: string[] };
export type PowerLevelsContent = {
  users?: Record<string, number>;
  users_default?: number;
  events?: Record<string, number>;
  events_default?: number;
  state_default?: number;
  ban?: number;
  kick?: number;
  redact?: number;
  invite?: number;
  notifications?: { room?: number };
};

/** Room versions whose creators hold unlimited power (MSC4289): 12 and later. */
export function creatorsHaveInfinitePower(roomVersion: string | undefined): boolean {
  const n = Number(roomVersion ?? "1");
  return Number.isInteger(n) && n >= 12;
}

export function roomCreators(create: CreateContent & { sender?: string }, createSender?: string): string[] {
  const creator = createSender ?? create.creator;
  return [...(creator ? [creator] : []), ...(create.additional_creators ?? [])];
}

export function powerLevelFromState(
  userId: string,
  create: CreateContent,
  powerLevels: PowerLevelsContent | null,
  createSender?: string,
): number {
  if (creatorsHaveInfinitePower(create.room_version) && roomCreators(create, createSender).includes(userId)) return CREATOR_POWER;
  if (!powerLevels) {
    // No power levels event: the creator has 100, everyone else 0 (spec).
    return roomCreators(create, createSender).includes(userId) ? 100 : 0;
  }
  return powerLevels.users?.[userId] ?? powerLevels.users_default ?? 0;
}

/** Level needed for an @room mention to notify everyone (`notifications.room`, 50 by default). */
export function requiredForRoomNotification(powerLevels: PowerLevelsContent | null): number {
  return powerLevels?.notifications?.room ?? 50;
}

export function requiredForStateEvent(powerLevels: PowerLevelsContent | null, eventType: string): number {
  return powerLevels?.events?.[eventType] ?? powerLevels?.state_default ?? 50;
}
