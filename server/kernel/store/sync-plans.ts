import { randomBytes } from "node:crypto";
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { SyncChange, SyncChangeKind, SyncChangePage, SyncPlan, SyncPlanState, SyncScope } from "../../../shared/sync.ts";
import { ApiError } from "../errors/api-error.ts";
import type { Said } from "../../../shared/said.ts";
import type { Grant, KnownUser } from "./sync-store.ts";

/** What apply needs besides the changes: stored with the plan, so a plan can be applied after a restart. */
export type ApplyData = {
  adopt: Grant[];
  vanished: KnownUser[];
  /** Set when this plan covered every change since the last cursor: apply may move the cursor here. */
  cursorAfter: string | undefined;
  fullScan: boolean;
};

type Summary = Omit<SyncPlan, "planId" | "createdAt" | "state" | "heldBecause" | "heldSaid" | "jobId">;
type PlanRow = { id: string; created_at: string; actor: string; scope: SyncScope; state: SyncPlanState; held_because: string | null; summary: string; apply_data: string; job_id: string | null };

/** The first changes of each kind a summary shows; the rest are read in pages. */
export const FIRST_PER_KIND = 10;
/**
 * Plans kept: a day's worth (a moderator may look at one while pushes and the schedule plan again),
 * at most this many, and always the newest held one.
 */
const KEEP_PLANS = 50;
const KEEP_MS = 24 * 3_600_000;
const MAX_PAGE = 500;

const newPlanId = () => randomBytes(12).toString("base64url");

/** Rows per INSERT: one statement call per batch instead of per row is most of the cost of storing a plan. */
const BATCH = 64;

/** Inserts rows of a fixed width in batches; `flush` writes what is left. */
class BatchInsert {
  private readonly db: DatabaseSync;
  private readonly head: string;
  private readonly width: number;
  private readonly full: StatementSync;
  private pending: SQLInputValue[] = [];

  constructor(db: DatabaseSync, head: string, width: number) {
    this.db = db;
    this.head = head;
    this.width = width;
    this.full = db.prepare(this.sql(BATCH));
  }

  private sql(rows: number): string {
    const row = `(${Array(this.width).fill("?").join(", ")})`;
    return `${this.head} VALUES ${Array(rows).fill(row).join(", ")}`;
  }

  add(...values: SQLInputValue[]): void {
    this.pending.push(...values);
    if (this.pending.length === BATCH * this.width) {
      this.full.run(...this.pending);
      this.pending = [];
    }
  }

  flush(): void {
    if (this.pending.length) this.db.prepare(this.sql(this.pending.length / this.width)).run(...this.pending);
    this.pending = [];
  }
}

/**
 * Writes one plan's changes as they are planned, inside one transaction (the caller's synchronous
 * planning step), keeping only counts and the first few of each kind in memory.
 */
/** A held plan's reason as stored: a Said's JSON, or (plans held before codes) the English itself. */
function heldWords(stored: string | null): Pick<SyncPlan, "heldBecause" | "heldSaid"> {
  if (stored === null) return { heldBecause: null };
  if (!stored.startsWith("{")) return { heldBecause: stored };
  const heldSaid = JSON.parse(stored) as Said;
  return { heldBecause: heldSaid.text, heldSaid };
}

export class PlanWriter {
  readonly id: string;
  readonly counts: Partial<Record<SyncChangeKind, number>> = {};
  readonly first: Partial<Record<SyncChangeKind, SyncChange[]>> = {};
  total = 0;
  private readonly rows: BatchInsert;

  constructor(db: DatabaseSync, id: string) {
    this.id = id;
    this.rows = new BatchInsert(db, "INSERT INTO sync_plan_changes (plan_id, seq, kind, user_id, body)", 5);
  }

  change(c: SyncChange): void {
    this.rows.add(this.id, this.total++, c.kind, c.userId, JSON.stringify(c));
    this.counts[c.kind] = (this.counts[c.kind] ?? 0) + 1;
    const first = (this.first[c.kind] ??= []);
    if (first.length < FIRST_PER_KIND) first.push(c);
  }

  flush(): void {
    this.rows.flush();
  }
}

/** Stored sync plans: written once when planned, read as a summary and in pages, marked when applied or held. */
export class SyncPlans {
  private readonly db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /**
   * Stores a plan: `write` runs inside one transaction and emits the changes; it returns the
   * summary and apply data, known only once every change is written. Older plans are pruned.
   */
  create(o: { actor: string; scope: SyncScope; seen: Iterable<KnownUser>; write(writer: PlanWriter): { summary: Summary; apply: ApplyData } }): SyncPlan {
    const id = newPlanId();
    const createdAt = new Date().toISOString();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.db
        .prepare("INSERT INTO sync_plans (id, created_at, actor, scope, state, summary, apply_data) VALUES (?, ?, ?, ?, 'planned', '{}', '{}')")
        .run(id, createdAt, o.actor, o.scope);
      const seen = new BatchInsert(this.db, "INSERT INTO sync_plan_seen (plan_id, authentik_pk, user_id, username)", 4);
      for (const u of o.seen) seen.add(id, u.authentikPk, u.userId, u.username);
      seen.flush();
      const writer = new PlanWriter(this.db, id);
      const { summary, apply } = o.write(writer);
      writer.flush();
      this.db.prepare("UPDATE sync_plans SET summary = ?, apply_data = ? WHERE id = ?").run(JSON.stringify(summary), JSON.stringify(apply), id);
      this.prune();
      this.db.exec("COMMIT");
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
    return this.get(id);
  }

  /** Keeps the last day's plans (at most KEEP_PLANS), and the newest held one however old it is. */
  private prune(): void {
    const old = this.db
      .prepare(
        `SELECT id FROM sync_plans
          WHERE (created_at < ? OR id NOT IN (SELECT id FROM sync_plans ORDER BY created_at DESC, rowid DESC LIMIT ?))
            AND id IS NOT (SELECT id FROM sync_plans WHERE state = 'held' ORDER BY created_at DESC, rowid DESC LIMIT 1)`,
      )
      .all(new Date(Date.now() - KEEP_MS).toISOString(), KEEP_PLANS) as Array<{ id: string }>;
    const remove = this.db.prepare("DELETE FROM sync_plans WHERE id = ?");
    for (const { id } of old) remove.run(id);
  }

  private row(id: string): PlanRow {
    const row = this.db.prepare("SELECT * FROM sync_plans WHERE id = ?").get(id) as PlanRow | undefined;
    if (!row) throw ApiError.notFound(`There is no sync plan ${id} (plans are kept for a day, at most ${KEEP_PLANS}).`, "Plan again.").saying("syncPlanGone", { id, keep: KEEP_PLANS });
    return row;
  }

  get(id: string): SyncPlan {
    const row = this.row(id);
    return {
      planId: row.id,
      createdAt: row.created_at,
      state: row.state,
      ...heldWords(row.held_because),
      jobId: row.job_id,
      ...(JSON.parse(row.summary) as Summary),
    };
  }

  applyData(id: string): ApplyData {
    return JSON.parse(this.row(id).apply_data) as ApplyData;
  }

  /** One page of one kind's changes, in plan order. */
  page(id: string, kind: SyncChangeKind, offset: number, limit: number): SyncChangePage {
    const plan = this.get(id);
    const total = plan.counts[kind] ?? 0;
    const size = Math.min(Math.max(1, limit), MAX_PAGE);
    const rows = this.db
      .prepare("SELECT body FROM sync_plan_changes WHERE plan_id = ? AND kind = ? ORDER BY seq LIMIT ? OFFSET ?")
      .all(id, kind, size, offset) as Array<{ body: string }>;
    const changes = rows.map((r) => JSON.parse(r.body) as SyncChange);
    return { changes, offset, total, next: offset + changes.length < total ? offset + changes.length : null };
  }

  /** Every change of a plan, one person's together (then rooms' power levels), read as it is used. */
  *changesByPerson(id: string): Generator<SyncChange> {
    const rows = this.db
      .prepare("SELECT body FROM sync_plan_changes WHERE plan_id = ? ORDER BY kind = 'set-power-level', user_id, seq")
      .iterate(id) as Iterable<{ body: string }>;
    for (const r of rows) yield JSON.parse(r.body) as SyncChange;
  }

  /** Everyone the plan read from Authentik becomes known to the sync, without passing through memory. */
  rememberSeen(id: string): void {
    this.db
      .prepare(
        `INSERT INTO sync_known_users (authentik_pk, user_id, username, seen_at)
           SELECT authentik_pk, user_id, username, ? FROM sync_plan_seen WHERE plan_id = ?
           ON CONFLICT(authentik_pk) DO UPDATE SET user_id = excluded.user_id, username = excluded.username, seen_at = excluded.seen_at`,
      )
      .run(new Date().toISOString(), id);
  }

  /**
   * Claims a plan for apply before anything is submitted, so two applies of one plan cannot both
   * start a job; returns the state to go back to if submitting fails.
   */
  claim(id: string): SyncPlanState {
    const before = this.row(id).state;
    const res = this.db.prepare("UPDATE sync_plans SET state = 'applied', applied_at = ? WHERE id = ? AND state != 'applied'").run(new Date().toISOString(), id);
    if (res.changes === 0) this.refuseApplied(id);
    return before;
  }

  release(id: string, state: SyncPlanState): void {
    this.db.prepare("UPDATE sync_plans SET state = ?, applied_at = NULL WHERE id = ?").run(state, id);
  }

  setJob(id: string, jobId: string | null): void {
    this.db.prepare("UPDATE sync_plans SET job_id = ? WHERE id = ?").run(jobId, id);
  }

  refuseApplied(id: string): never {
    const row = this.row(id);
    throw ApiError.conflict(`Sync plan ${id} was applied already${row.job_id ? ` (job ${row.job_id})` : ""}.`, "Plan again to see what is left to do.").saying("syncPlanApplied", { id });
  }

  /** `because` is kept as the Said's JSON, so the widget can word it; plans held before that kept the English only. */
  hold(id: string, because: Said): void {
    this.db.prepare("UPDATE sync_plans SET state = 'held', held_because = ? WHERE id = ? AND state = 'planned'").run(JSON.stringify(because), id);
  }

  /** The newest held plan, unless a newer plan was applied since (which made it moot). */
  waitingHeld(): SyncPlan | undefined {
    const row = this.db
      .prepare(
        `SELECT id FROM sync_plans WHERE state = 'held'
           AND created_at >= COALESCE((SELECT MAX(created_at) FROM sync_plans WHERE state = 'applied'), '')
         ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      )
      .get() as { id: string } | undefined;
    return row ? this.get(row.id) : undefined;
  }
}
