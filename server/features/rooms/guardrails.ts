import { describeLevel, shownLevel, type PowerLevelsContent } from "../../kernel/matrix/power-levels.ts";

/** `reason` is the English sentence (CLI, chat, API); `code` and `params` let a client word it in its own language. */
export type Refusal = { ok: false; by: "moderator" | "bot"; reason: string; code?: string; params?: Record<string, number> };
export type Verdict = { ok: true } | Refusal;


export type PowerFacts = {
  /** The acting moderator's level in the moderator room. */
  actorLevel: number;
  /** The target's level in the moderator room and in the room acted on. */
  targetModeratorRoomLevel: number;
  targetRoomLevel: number;
  botLevel: number;
  powerLevels: PowerLevelsContent | null;
};

/** A moderator never acts on someone at or above their own level (here or in the moderator room). */
function moderatorMayTouch(f: PowerFacts, verb: string, code: string): Verdict {
  const targetTop = Math.max(f.targetModeratorRoomLevel, f.targetRoomLevel);
  if (targetTop >= f.actorLevel) {
    return {
      ok: false,
      by: "moderator",
      reason: `You cannot ${verb} someone at or above your own level (theirs ${describeLevel(targetTop)}, yours ${describeLevel(f.actorLevel)}).`,
      code,
      params: { theirs: shownLevel(targetTop), yours: shownLevel(f.actorLevel) },
    };
  }
  return { ok: true };
}

export function mayChangePowerLevel(f: PowerFacts, newLevel: number): Verdict {
  if (newLevel > f.actorLevel) {
    return { ok: false, by: "moderator", reason: `You cannot grant level ${newLevel}, above your own (${describeLevel(f.actorLevel)}).`, code: "refuseGrantAbove", params: { level: newLevel, yours: shownLevel(f.actorLevel) } };
  }
  const mod = moderatorMayTouch(f, "change the level of", "refuseTouchLevel");
  if (!mod.ok) return mod;
  const needed = f.powerLevels?.events?.["m.room.power_levels"] ?? f.powerLevels?.state_default ?? 50;
  if (f.botLevel < needed) return { ok: false, by: "bot", reason: `The bot has level ${describeLevel(f.botLevel)}; changing power levels in this room needs ${needed}.`, code: "refuseBotPower", params: { bot: shownLevel(f.botLevel), needed } };
  if (f.targetRoomLevel >= f.botLevel) {
    return { ok: false, by: "bot", reason: `The bot cannot change a user at or above its own level (${describeLevel(f.botLevel)}).`, code: "refuseBotTouchLevel", params: { bot: shownLevel(f.botLevel) } };
  }
  if (newLevel > f.botLevel) return { ok: false, by: "bot", reason: `The bot cannot grant more than its own level (${describeLevel(f.botLevel)}).`, code: "refuseBotGrantAbove", params: { bot: shownLevel(f.botLevel) } };
  return { ok: true };
}

export function mayKick(f: PowerFacts): Verdict {
  const mod = moderatorMayTouch(f, "remove", "refuseTouchRemove");
  if (!mod.ok) return mod;
  const needed = f.powerLevels?.kick ?? 50;
  if (f.botLevel < needed) return { ok: false, by: "bot", reason: `The bot has level ${describeLevel(f.botLevel)}; kicking in this room needs ${needed}.`, code: "refuseBotKick", params: { bot: shownLevel(f.botLevel), needed } };
  if (f.targetRoomLevel >= f.botLevel) return { ok: false, by: "bot", reason: `The bot cannot remove a user at or above its own level (${describeLevel(f.botLevel)}).`, code: "refuseBotTouchRemove", params: { bot: shownLevel(f.botLevel) } };
  return { ok: true };
}

export function mayBan(f: PowerFacts): Verdict {
  const mod = moderatorMayTouch(f, "ban", "refuseTouchBan");
  if (!mod.ok) return mod;
  const needed = f.powerLevels?.ban ?? 50;
  if (f.botLevel < needed) return { ok: false, by: "bot", reason: `The bot has level ${describeLevel(f.botLevel)}; banning in this room needs ${needed}.`, code: "refuseBotBan", params: { bot: shownLevel(f.botLevel), needed } };
  if (f.targetRoomLevel >= f.botLevel) return { ok: false, by: "bot", reason: `The bot cannot ban a user at or above its own level (${describeLevel(f.botLevel)}).`, code: "refuseBotTouchBan", params: { bot: shownLevel(f.botLevel) } };
  return { ok: true };
}

/** Removing someone's message: the bot needs the room's redact level; moderators leave their peers' messages alone. */
export function mayRedact(f: PowerFacts): Verdict {
  const mod = moderatorMayTouch(f, "remove a message of", "refuseTouchRedact");
  if (!mod.ok) return mod;
  const needed = f.powerLevels?.redact ?? 50;
  if (f.botLevel < needed) return { ok: false, by: "bot", reason: `The bot has level ${describeLevel(f.botLevel)}; removing others' messages in this room needs ${needed}.`, code: "refuseBotRedact", params: { bot: shownLevel(f.botLevel), needed } };
  return { ok: true };
}

export function botMayInvite(botLevel: number, powerLevels: PowerLevelsContent | null): Verdict {
  const needed = powerLevels?.invite ?? 0;
  if (botLevel < needed) return { ok: false, by: "bot", reason: `The bot has level ${describeLevel(botLevel)}; inviting in this room needs ${needed}.`, code: "refuseBotInvite", params: { bot: shownLevel(botLevel), needed } };
  return { ok: true };
}
