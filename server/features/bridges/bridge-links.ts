import type { DatabaseSync } from "node:sqlite";

/**
 * What the dashboard did with bridges, per room. Relay mode is bridge-internal (no room state
 * shows it), so this record is the only place the dashboard can read it back from.
 */
export class BridgeLinks {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  linked(roomId: string, network: string, remoteId: string | null, by: string): void {
    this.db
      .prepare(
        `INSERT INTO bridge_links (room_id, network, remote_id, relay, updated_by, updated_at) VALUES (?, ?, ?, NULL, ?, ?)
         ON CONFLICT (room_id, network) DO UPDATE SET remote_id = excluded.remote_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(roomId, network, remoteId, by, new Date().toISOString());
  }

  relaySet(roomId: string, network: string, relay: boolean, by: string): void {
    this.db
      .prepare(
        `INSERT INTO bridge_links (room_id, network, remote_id, relay, updated_by, updated_at) VALUES (?, ?, NULL, ?, ?, ?)
         ON CONFLICT (room_id, network) DO UPDATE SET relay = excluded.relay, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(roomId, network, relay ? 1 : 0, by, new Date().toISOString());
  }

  unlinked(roomId: string, network: string): void {
    this.db.prepare("DELETE FROM bridge_links WHERE room_id = ? AND network = ?").run(roomId, network);
  }

  /** true/false when the dashboard set it, null when unknown. */
  relayOf(roomId: string, network: string): boolean | null {
    const row = this.db.prepare("SELECT relay FROM bridge_links WHERE room_id = ? AND network = ?").get(roomId, network) as { relay: number | null } | undefined;
    return row?.relay === undefined || row.relay === null ? null : row.relay === 1;
  }
}
