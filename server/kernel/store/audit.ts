import type { DatabaseSync } from "node:sqlite";
import type { ActorKind, AuditEntry, AuditRow } from "../../../shared/plans.ts";

export type { ActorKind, AuditEntry, AuditRow };

export class AuditLog {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  write(entry: AuditEntry): number {
    const res = this.db
      .prepare(
        "INSERT INTO audit (at, actor, actor_kind, action, target, result, detail, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        new Date().toISOString(),
        entry.actor,
        entry.actorKind,
        entry.action,
        entry.target ?? null,
        entry.result,
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
        entry.requestId ?? null,
      );
    return Number(res.lastInsertRowid);
  }

  list(filter: { actor?: string; action?: string; target?: string; limit?: number } = {}): AuditRow[] {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.actor) (where.push("actor = ?"), params.push(filter.actor));
    if (filter.action) (where.push("action = ?"), params.push(filter.action));
    if (filter.target) (where.push("target LIKE ? ESCAPE '\\'"), params.push(`%${filter.target.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    const sql = `SELECT * FROM audit ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id DESC LIMIT ${Math.min(filter.limit ?? 100, 1000)}`;
    return (this.db.prepare(sql).all(...params) as any[]).map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      actorKind: r.actor_kind,
      action: r.action,
      target: r.target,
      result: r.result,
      detail: r.detail ? JSON.parse(r.detail) : undefined,
      requestId: r.request_id,
    }));
  }
}
