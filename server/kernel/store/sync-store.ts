import type { DatabaseSync } from "node:sqlite";
import { getSetting, setSetting } from "./settings.ts";
import type { SyncStatus } from "../../../shared/sync.ts";

export type Grant = { roomId: string; userId: string; level: number };
export type KnownUser = { authentikPk: number; userId: string; username: string };
export type LastRun = NonNullable<SyncStatus["lastRun"]>;

export const DEFAULT_WELCOME = "Welcome to the community, {displayName}! Say hello here, and have a look at the rooms you have been invited to.";

const now = () => new Date().toISOString();

function inTransaction(db: DatabaseSync, work: () => void): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    work();
    db.exec("COMMIT");
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
}

/** What the sync keeps between runs: mappings moderators edit, and what it did (grants, welcomes, cursor). */
export class SyncStore {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  groupRooms(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const r of this.db.prepare("SELECT group_name, room_id FROM sync_group_rooms ORDER BY group_name, room_id").all() as any[]) {
      map.set(r.group_name, [...(map.get(r.group_name) ?? []), r.room_id]);
    }
    return map;
  }

  setGroupRooms(group: string, roomIds: string[]): void {
    inTransaction(this.db, () => {
      this.db.prepare("DELETE FROM sync_group_rooms WHERE group_name = ?").run(group);
      const insert = this.db.prepare("INSERT OR IGNORE INTO sync_group_rooms (group_name, room_id) VALUES (?, ?)");
      for (const roomId of roomIds) insert.run(group, roomId);
    });
  }

  groupLevels(): Map<string, number> {
    const rows = this.db.prepare("SELECT group_name, level FROM sync_group_levels ORDER BY group_name").all() as any[];
    return new Map(rows.map((r) => [r.group_name, r.level]));
  }

  setGroupLevel(group: string, level: number | null): void {
    if (level === null) this.db.prepare("DELETE FROM sync_group_levels WHERE group_name = ?").run(group);
    else this.db.prepare("INSERT INTO sync_group_levels (group_name, level) VALUES (?, ?) ON CONFLICT(group_name) DO UPDATE SET level = excluded.level").run(group, level);
  }

  knownUsers(): KnownUser[] {
    return (this.db.prepare("SELECT authentik_pk, user_id, username FROM sync_known_users").all() as any[]).map((r) => ({
      authentikPk: r.authentik_pk,
      userId: r.user_id,
      username: r.username,
    }));
  }

  forgetUser(authentikPk: number): void {
    this.db.prepare("DELETE FROM sync_known_users WHERE authentik_pk = ?").run(authentikPk);
  }

  grants(): Grant[] {
    return (this.db.prepare("SELECT room_id, user_id, level FROM sync_power_grants").all() as any[]).map((r) => ({ roomId: r.room_id, userId: r.user_id, level: r.level }));
  }

  recordGrants(grants: Grant[]): void {
    inTransaction(this.db, () => {
      const upsert = this.db.prepare(
        "INSERT INTO sync_power_grants (room_id, user_id, level) VALUES (?, ?, ?) ON CONFLICT(room_id, user_id) DO UPDATE SET level = excluded.level",
      );
      for (const g of grants) upsert.run(g.roomId, g.userId, g.level);
    });
  }

  dropGrant(roomId: string, userId: string): void {
    this.db.prepare("DELETE FROM sync_power_grants WHERE room_id = ? AND user_id = ?").run(roomId, userId);
  }

  welcomed(): Set<string> {
    return new Set((this.db.prepare("SELECT user_id FROM sync_welcomes").all() as any[]).map((r) => r.user_id));
  }

  hasWelcomed(userId: string): boolean {
    return this.db.prepare("SELECT 1 FROM sync_welcomes WHERE user_id = ?").get(userId) !== undefined;
  }

  recordWelcome(userId: string, roomId: string, eventId: string): void {
    this.db.prepare("INSERT OR IGNORE INTO sync_welcomes (user_id, room_id, event_id, sent_at) VALUES (?, ?, ?, ?)").run(userId, roomId, eventId, now());
  }

  welcomeTemplate(): string {
    return getSetting(this.db, "sync.welcome_template") ?? DEFAULT_WELCOME;
  }

  setWelcomeTemplate(template: string): void {
    setSetting(this.db, "sync.welcome_template", template);
  }

  cursor(): string | undefined {
    return getSetting(this.db, "sync.cursor");
  }

  setCursor(cursor: string): void {
    setSetting(this.db, "sync.cursor", cursor);
  }

  lastFullScanAt(): string | undefined {
    return getSetting(this.db, "sync.last_full_scan_at") || undefined;
  }

  setLastFullScanAt(at: string): void {
    setSetting(this.db, "sync.last_full_scan_at", at);
  }

  /** After a mapping change every person may be concerned: the next scheduled run scans everyone. */
  requestFullScan(): void {
    setSetting(this.db, "sync.last_full_scan_at", "");
  }

  /** Who first applied a community-wide plan, and when; until someone has, automatic syncs only plan. */
  firstApply(): { by: string; at: string } | undefined {
    const raw = getSetting(this.db, "sync.first_apply");
    return raw ? JSON.parse(raw) : undefined;
  }

  markFirstApplyDone(by: string): void {
    if (!this.firstApply()) setSetting(this.db, "sync.first_apply", JSON.stringify({ by, at: now() }));
  }

  lastRun(): LastRun | undefined {
    const raw = getSetting(this.db, "sync.last_run");
    return raw ? JSON.parse(raw) : undefined;
  }

  setLastRun(run: LastRun): void {
    setSetting(this.db, "sync.last_run", JSON.stringify(run));
  }
}
