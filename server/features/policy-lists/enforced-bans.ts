import type { DatabaseSync } from "node:sqlite";
import { getSetting, setSetting } from "../../kernel/store/settings.ts";

/** A ban the lists caused: kept so that when the rule goes (in any list) the ban can be offered back. */
export type EnforcedBan = { room: string; user: string; entity: string; source: string };

const KEY = "policy.enforced_bans";

export function readEnforcedBans(db: DatabaseSync): EnforcedBan[] {
  const raw = getSetting(db, KEY);
  return raw ? (JSON.parse(raw) as EnforcedBan[]) : [];
}

export function recordEnforcedBan(db: DatabaseSync, ban: EnforcedBan): void {
  const bans = readEnforcedBans(db).filter((b) => !(b.room === ban.room && b.user === ban.user));
  setSetting(db, KEY, JSON.stringify([...bans, ban]));
}

export function forgetEnforcedBan(db: DatabaseSync, room: string, user: string): void {
  const bans = readEnforcedBans(db);
  const kept = bans.filter((b) => !(b.room === room && b.user === user));
  if (kept.length !== bans.length) setSetting(db, KEY, JSON.stringify(kept));
}
