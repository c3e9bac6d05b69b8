import type { DatabaseSync } from "node:sqlite";
import { ApiError } from "../errors/api-error.ts";

const WAIT_STEP_MS = 100;
const WAIT_LIMIT_MS = 60_000;

/**
 * Runs `work` once per key: a repeated submit (double click, retried request) gets the first
 * answer, and a concurrent one waits for it instead of doing the work again.
 */
export async function once<T>(db: DatabaseSync, action: string, key: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!key) return work();
  const scoped = `${action}:${key}`;
  const claimed = db
    .prepare("INSERT OR IGNORE INTO idempotency (key, action, response, created_at) VALUES (?, ?, NULL, ?)")
    .run(scoped, action, new Date().toISOString());
  if (claimed.changes === 0) return waitForFirst<T>(db, scoped);
  try {
    const result = await work();
    db.prepare("UPDATE idempotency SET response = ? WHERE key = ?").run(JSON.stringify(result ?? null), scoped);
    return result;
  } catch (err) {
    db.prepare("DELETE FROM idempotency WHERE key = ?").run(scoped);
    throw err;
  }
}

async function waitForFirst<T>(db: DatabaseSync, key: string): Promise<T> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (Date.now() < deadline) {
    const row = db.prepare("SELECT response FROM idempotency WHERE key = ?").get(key) as { response: string | null } | undefined;
    if (!row) throw ApiError.conflict("The first request with this idempotency key failed.", "Submit again with a new key.").saying("idempotencyFailed");
    if (row.response !== null) return JSON.parse(row.response) as T;
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
  throw ApiError.conflict("A request with this idempotency key is still running.", "Wait for it, then check the room list.").saying("idempotencyRunning");
}

/** Whether a request with this key was already made (finished or still running). */
export function seenBefore(db: DatabaseSync, action: string, key: string | undefined): boolean {
  if (!key) return false;
  return db.prepare("SELECT 1 FROM idempotency WHERE key = ?").get(`${action}:${key}`) !== undefined;
}
