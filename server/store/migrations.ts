/** Append only: each entry runs once, in order, and its index + 1 becomes PRAGMA user_version. */
export const migrations: string[] = [
  `CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     actor_kind TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT,
     result TEXT NOT NULL,
     detail TEXT,
     request_id TEXT
   );
   CREATE INDEX audit_at ON audit(at);
   CREATE INDEX audit_actor ON audit(actor);
   CREATE INDEX audit_action ON audit(action);
   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
];
