import type { DatabaseSync } from "node:sqlite";
import { getSetting, setSetting } from "../../kernel/store/settings.ts";
import { AUTO_ENFORCE_SWITCH } from "../../kernel/authority/authority.ts";

export type ListSettings = {
  /** The community's own policy room. */
  own: string | null;
  /** Other communities' policy rooms, read only. */
  subscriptions: Array<{ roomId: string; alias: string | null }>;
};

const KEY = "policy.lists";

export function readListSettings(db: DatabaseSync): ListSettings {
  const raw = getSetting(db, KEY);
  return raw ? (JSON.parse(raw) as ListSettings) : { own: null, subscriptions: [] };
}

export function writeListSettings(db: DatabaseSync, settings: ListSettings): void {
  setSetting(db, KEY, JSON.stringify(settings));
}

export function listRooms(settings: ListSettings): string[] {
  return [...new Set([...(settings.own ? [settings.own] : []), ...settings.subscriptions.map((s) => s.roomId)])];
}

/** Automatic enforcement is a switch the authority reads too: the system may enforce only while it is on. */
export function autoEnforceOn(db: DatabaseSync): boolean {
  return getSetting(db, AUTO_ENFORCE_SWITCH) === "on";
}

export function setAutoEnforce(db: DatabaseSync, on: boolean): void {
  setSetting(db, AUTO_ENFORCE_SWITCH, on ? "on" : "off");
}
