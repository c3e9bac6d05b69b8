import type { DatabaseSync } from "node:sqlite";

export type ScimGroup = { id: string; displayName: string; externalId: string | undefined; members: string[] };

/** SCIM groups Authentik pushed: the id it reuses, the Authentik group (name, pk as externalId) and member user ids. */
export class ScimGroupStore {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  get(id: string): ScimGroup | undefined {
    const row = this.db.prepare("SELECT scim_id, display_name, external_id FROM scim_groups WHERE scim_id = ?").get(id) as any;
    if (!row) return undefined;
    const members = (this.db.prepare("SELECT member_id FROM scim_group_members WHERE scim_id = ? ORDER BY member_id").all(id) as any[]).map((r) => r.member_id as string);
    return { id: row.scim_id, displayName: row.display_name, externalId: row.external_id ?? undefined, members };
  }

  list(): ScimGroup[] {
    const ids = (this.db.prepare("SELECT scim_id FROM scim_groups ORDER BY created_at, scim_id").all() as any[]).map((r) => r.scim_id as string);
    return ids.map((id) => this.get(id)!);
  }

  /** Writes the whole group (members replaced) in one transaction. */
  save(group: ScimGroup): void {
    const now = new Date().toISOString();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.db
        .prepare(
          "INSERT INTO scim_groups (scim_id, display_name, external_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(scim_id) DO UPDATE SET display_name = excluded.display_name, external_id = excluded.external_id, updated_at = excluded.updated_at",
        )
        .run(group.id, group.displayName, group.externalId ?? null, now, now);
      this.db.prepare("DELETE FROM scim_group_members WHERE scim_id = ?").run(group.id);
      const insert = this.db.prepare("INSERT OR IGNORE INTO scim_group_members (scim_id, member_id) VALUES (?, ?)");
      for (const member of group.members) insert.run(group.id, member);
      this.db.exec("COMMIT");
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }

  delete(id: string): boolean {
    return this.db.prepare("DELETE FROM scim_groups WHERE scim_id = ?").run(id).changes > 0;
  }
}

/** Members on one side only: exactly the users a membership change touched. */
export function changedMembers(before: string[], after: string[]): string[] {
  const a = new Set(before);
  const b = new Set(after);
  return [...new Set([...before.filter((m) => !b.has(m)), ...after.filter((m) => !a.has(m))])];
}
