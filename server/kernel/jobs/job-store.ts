import type { DatabaseSync } from "node:sqlite";
import { randomUUID } from "node:crypto";
import type { ItemState, JobItemView, JobSnapshot, JobState } from "../../../shared/jobs.ts";
import type { Said } from "../../../shared/said.ts";

/** A job's or item's message: English only, or said (its English is the stored message, its code and parameters beside). */
export type Message = string | Said | null;
const textOf = (m: Message): string | null => (m === null || typeof m === "string" ? m : m.text);
const saidOf = (m: Message): string | null => (m === null || typeof m === "string" ? null : JSON.stringify(m));
const saidFrom = (column: string | null): { said?: Said } => (column ? { said: JSON.parse(column) as Said } : {});

export type NewJob = {
  kind: string;
  actor: string;
  actorKind: string;
  params: unknown;
  items: Array<{ key: string; data: unknown }>;
  idempotencyKey?: string;
};

export type StoredItem = { seq: number; key: string; data: unknown; attempts: number };

const now = () => new Date().toISOString();

function snapshot(row: any): JobSnapshot {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    actor: row.actor,
    total: row.total,
    done: row.done,
    failed: row.failed,
    skipped: row.skipped,
    message: row.message,
    ...saidFrom(row.said),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

/** Persistence of jobs and their items: the target list is fixed when the job is created. */
export class JobStore {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Creates the job with all its items in one transaction; an idempotency key returns the existing job. */
  create(job: NewJob): { snapshot: JobSnapshot; created: boolean } {
    if (job.idempotencyKey) {
      const existing = this.db.prepare("SELECT * FROM jobs WHERE idempotency_key = ?").get(job.idempotencyKey);
      if (existing) return { snapshot: snapshot(existing), created: false };
    }
    const id = randomUUID();
    const at = now();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.db
        .prepare(
          "INSERT INTO jobs (id, kind, state, actor, actor_kind, params, idempotency_key, total, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(id, job.kind, job.actor, job.actorKind, JSON.stringify(job.params ?? null), job.idempotencyKey ?? null, job.items.length, at, at);
      const insert = this.db.prepare("INSERT INTO job_items (job_id, seq, key, data, state) VALUES (?, ?, ?, ?, 'pending')");
      job.items.forEach((item, seq) => insert.run(id, seq, item.key, JSON.stringify(item.data ?? null)));
      this.db.exec("COMMIT");
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
    return { snapshot: this.get(id)!, created: true };
  }

  get(id: string): JobSnapshot | undefined {
    const row = this.db.prepare("SELECT * FROM jobs WHERE id = ?").get(id);
    return row ? snapshot(row) : undefined;
  }

  params(id: string): unknown {
    const row = this.db.prepare("SELECT params FROM jobs WHERE id = ?").get(id) as { params: string } | undefined;
    return row ? JSON.parse(row.params) : undefined;
  }

  list(limit = 50): JobSnapshot[] {
    return this.db.prepare("SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?").all(limit).map(snapshot);
  }

  unfinished(): JobSnapshot[] {
    return this.db.prepare("SELECT * FROM jobs WHERE state IN ('queued', 'running', 'waiting') ORDER BY created_at").all().map(snapshot);
  }

  pendingItems(id: string): StoredItem[] {
    return (this.db.prepare("SELECT seq, key, data, attempts FROM job_items WHERE job_id = ? AND state = 'pending' ORDER BY seq").all(id) as any[]).map(
      (r) => ({ seq: r.seq, key: r.key, data: JSON.parse(r.data), attempts: r.attempts }),
    );
  }

  items(id: string, filter?: ItemState): JobItemView[] {
    const rows = (filter
      ? this.db.prepare("SELECT * FROM job_items WHERE job_id = ? AND state = ? ORDER BY seq").all(id, filter)
      : this.db.prepare("SELECT * FROM job_items WHERE job_id = ? ORDER BY seq").all(id)) as any[];
    return rows.map((r) => ({
      seq: r.seq,
      key: r.key,
      state: r.state,
      attempts: r.attempts,
      message: r.message,
      ...saidFrom(r.said),
      ...(r.result ? { result: JSON.parse(r.result) } : {}),
    }));
  }

  countAttempt(id: string, seq: number): void {
    this.db.prepare("UPDATE job_items SET attempts = attempts + 1 WHERE job_id = ? AND seq = ?").run(id, seq);
  }

  /** Records an item's outcome and the job's counters together, so progress survives a crash exactly. */
  finishItem(id: string, seq: number, state: Exclude<ItemState, "pending">, message: Message, result: unknown): void {
    const column = state === "done" ? "done" : state === "failed" ? "failed" : "skipped";
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const changed = this.db
        .prepare("UPDATE job_items SET state = ?, message = ?, said = ?, result = ? WHERE job_id = ? AND seq = ? AND state = 'pending'")
        .run(state, textOf(message), saidOf(message), result === undefined ? null : JSON.stringify(result), id, seq);
      if (changed.changes === 1) {
        this.db.prepare(`UPDATE jobs SET ${column} = ${column} + 1, updated_at = ? WHERE id = ?`).run(now(), id);
      }
      this.db.exec("COMMIT");
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }

  setState(id: string, state: JobState, message: Message = null): void {
    const finished = state === "done" || state === "failed" || state === "cancelled" ? now() : null;
    this.db
      .prepare("UPDATE jobs SET state = ?, message = ?, said = ?, updated_at = ?, finished_at = COALESCE(?, finished_at) WHERE id = ?")
      .run(state, textOf(message), saidOf(message), now(), finished, id);
  }

  /** Marks every still-pending item skipped (cancellation). */
  skipPending(id: string, message: Message): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const res = this.db
        .prepare("UPDATE job_items SET state = 'skipped', message = ?, said = ? WHERE job_id = ? AND state = 'pending'")
        .run(textOf(message), saidOf(message), id);
      this.db.prepare("UPDATE jobs SET skipped = skipped + ?, updated_at = ? WHERE id = ?").run(Number(res.changes), now(), id);
      this.db.exec("COMMIT");
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }
}
