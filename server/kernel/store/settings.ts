import type { DatabaseSync } from "node:sqlite";
import { randomBytes } from "node:crypto";

export function getSetting(db: DatabaseSync, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: DatabaseSync, key: string, value: string): void {
  db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
}

/** The session-signing secret: from the config when given, else generated once and kept in the store. */
export function sessionSecret(db: DatabaseSync, configured: string | undefined): string {
  if (configured) return configured;
  const existing = getSetting(db, "session_secret");
  if (existing) return existing;
  const fresh = randomBytes(32).toString("base64url");
  setSetting(db, "session_secret", fresh);
  return fresh;
}
