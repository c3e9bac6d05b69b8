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
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     state TEXT NOT NULL,
     actor TEXT NOT NULL,
     actor_kind TEXT NOT NULL,
     params TEXT NOT NULL,
     idempotency_key TEXT UNIQUE,
     total INTEGER NOT NULL,
     done INTEGER NOT NULL DEFAULT 0,
     failed INTEGER NOT NULL DEFAULT 0,
     skipped INTEGER NOT NULL DEFAULT 0,
     message TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     finished_at TEXT
   );
   CREATE INDEX jobs_state ON jobs(state);
   CREATE TABLE job_items (
     job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     key TEXT NOT NULL,
     data TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     message TEXT,
     result TEXT,
     PRIMARY KEY (job_id, seq)
   );
   CREATE INDEX job_items_pending ON job_items(job_id, state);`,
  `CREATE TABLE templates (
     id TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     builtin INTEGER NOT NULL DEFAULT 0,
     body TEXT NOT NULL,
     updated_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     deleted INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE template_versions (
     id TEXT NOT NULL,
     version INTEGER NOT NULL,
     body TEXT NOT NULL,
     updated_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (id, version)
   );
   CREATE TABLE idempotency (
     key TEXT PRIMARY KEY,
     action TEXT NOT NULL,
     response TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE managed_rooms (
     room_id TEXT PRIMARY KEY,
     template_id TEXT,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL
   );`,
  `CREATE TABLE api_tokens (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     hash TEXT NOT NULL,
     scopes TEXT NOT NULL,
     power_level INTEGER NOT NULL,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     revoked_at TEXT,
     last_used_at TEXT
   );`,
  `CREATE TABLE bridge_links (
     room_id TEXT NOT NULL,
     network TEXT NOT NULL,
     remote_id TEXT,
     relay INTEGER,
     updated_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (room_id, network)
   );`,
  `CREATE TABLE access_checks (
     room_id TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL,
     checked_at TEXT NOT NULL
   );`,
  `CREATE TABLE sync_group_rooms (
     group_name TEXT NOT NULL,
     room_id TEXT NOT NULL,
     PRIMARY KEY (group_name, room_id)
   );
   CREATE TABLE sync_group_levels (
     group_name TEXT PRIMARY KEY,
     level INTEGER NOT NULL
   );
   CREATE TABLE sync_known_users (
     authentik_pk INTEGER PRIMARY KEY,
     user_id TEXT NOT NULL,
     username TEXT NOT NULL,
     seen_at TEXT NOT NULL
   );
   CREATE TABLE sync_power_grants (
     room_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     level INTEGER NOT NULL,
     PRIMARY KEY (room_id, user_id)
   );
   CREATE TABLE sync_welcomes (
     user_id TEXT PRIMARY KEY,
     room_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     sent_at TEXT NOT NULL
   );`,
  // SCIM groups pushed by Authentik: only the mapping and member ids, to tell which users a change touched.
  `CREATE TABLE scim_groups (
     scim_id TEXT PRIMARY KEY,
     display_name TEXT NOT NULL,
     external_id TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE scim_group_members (
     scim_id TEXT NOT NULL REFERENCES scim_groups (scim_id) ON DELETE CASCADE,
     member_id TEXT NOT NULL,
     PRIMARY KEY (scim_id, member_id)
   );`,
  // Sync plans kept server-side: served as a summary and in pages, applied by id (also after a restart).
  `CREATE TABLE sync_plans (
     id TEXT PRIMARY KEY,
     created_at TEXT NOT NULL,
     actor TEXT NOT NULL,
     scope TEXT NOT NULL,
     state TEXT NOT NULL,
     held_because TEXT,
     summary TEXT NOT NULL,
     apply_data TEXT NOT NULL,
     job_id TEXT,
     applied_at TEXT
   );
   CREATE INDEX sync_plans_created ON sync_plans(created_at);
   CREATE TABLE sync_plan_changes (
     plan_id TEXT NOT NULL REFERENCES sync_plans (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     kind TEXT NOT NULL,
     user_id TEXT NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (plan_id, seq)
   );
   CREATE INDEX sync_plan_changes_kind ON sync_plan_changes(plan_id, kind, seq);
   CREATE TABLE sync_plan_seen (
     plan_id TEXT NOT NULL REFERENCES sync_plans (id) ON DELETE CASCADE,
     authentik_pk INTEGER NOT NULL,
     user_id TEXT NOT NULL,
     username TEXT NOT NULL,
     PRIMARY KEY (plan_id, authentik_pk)
   );`,
  // Why a job waits or failed and each item's outcome, as a code with parameters beside the English
  // message (shared/said.ts), so the widget words them in the moderator's language.
  `ALTER TABLE jobs ADD COLUMN said TEXT;
   ALTER TABLE job_items ADD COLUMN said TEXT;`,
];
