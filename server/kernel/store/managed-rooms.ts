import type { DatabaseSync } from "node:sqlite";

/** The rooms the dashboard created, with the template each came from: every read and write of that table. */
export class ManagedRooms {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Records a room the dashboard created; a replayed creation changes nothing. */
  add(roomId: string, templateId: string, createdBy: string): void {
    this.db
      .prepare("INSERT OR IGNORE INTO managed_rooms (room_id, template_id, created_by, created_at) VALUES (?, ?, ?, ?)")
      .run(roomId, templateId, createdBy, new Date().toISOString());
  }

  remove(roomId: string): void {
    this.db.prepare("DELETE FROM managed_rooms WHERE room_id = ?").run(roomId);
  }

  /** The template a managed room came from; undefined for a room the dashboard did not create. */
  templateOf(roomId: string): string | null | undefined {
    const row = this.db.prepare("SELECT template_id FROM managed_rooms WHERE room_id = ?").get(roomId) as { template_id: string | null } | undefined;
    return row ? row.template_id : undefined;
  }

  /** Every managed room with its template. */
  all(): Map<string, string | null> {
    const rows = this.db.prepare("SELECT room_id, template_id FROM managed_rooms").all() as Array<{ room_id: string; template_id: string | null }>;
    return new Map(rows.map((r) => [r.room_id, r.template_id]));
  }
}
