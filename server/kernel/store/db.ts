import { DatabaseSync } from "node:sqlite";
import { closeSync, openSync } from "node:fs";
import path from "node:path";
import { migrations } from "./migrations.ts";
import { PRIVATE_FILE_MODE, makeDataDirPrivate, makeFilesPrivate } from "./private-files.ts";

export type Store = {
  db: DatabaseSync;
  close(): void;
};

/**
 * Opens (or creates) the embedded store in the data folder and applies pending migrations. The
 * folder is owner-only and the database is created 0600 before SQLite opens it (its -wal/-shm
 * take that mode); looser files left by an older version are tightened here.
 */
export function openStore(dataDir: string): Store {
  makeDataDirPrivate(dataDir);
  const file = path.join(dataDir, "dashboard.sqlite");
  closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
  makeFilesPrivate(file, `${file}-wal`, `${file}-shm`);
  migrate(db);
  return { db, close: () => db.close() };
}

export function migrate(db: DatabaseSync): void {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  for (let version = row.user_version; version < migrations.length; version++) {
    db.exec("BEGIN");
    try {
      db.exec(migrations[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec("COMMIT");
    } catch (err) {
      db.exec("ROLLBACK");
      throw err;
    }
  }
}
