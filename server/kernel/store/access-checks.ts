import type { DatabaseSync } from "node:sqlite";

/**
 * What the last recorded Access check saw in each room: a fingerprint of its power levels and the
 * moderators present (features/rooms/access-drift.ts), so the next report can tell which rooms
 * changed since a moderator last looked.
 */
export class AccessChecks {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** The fingerprint the last recorded check saw in the room; undefined when no check was recorded there. */
  lastFingerprint(roomId: string): string | undefined {
    const row = this.db.prepare("SELECT fingerprint FROM access_checks WHERE room_id = ?").get(roomId) as { fingerprint: string } | undefined;
    return row?.fingerprint;
  }

  /** Remembers what this check saw in the room, replacing the last one. */
  record(roomId: string, fingerprint: string, at: Date = new Date()): void {
    this.db
      .prepare("INSERT INTO access_checks (room_id, fingerprint, checked_at) VALUES (?, ?, ?) ON CONFLICT(room_id) DO UPDATE SET fingerprint = excluded.fingerprint, checked_at = excluded.checked_at")
      .run(roomId, fingerprint, at.toISOString());
  }
}
