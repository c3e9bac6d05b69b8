import type { DatabaseSync } from "node:sqlite";
import { TemplateBody, type Template, type TemplateInput } from "../../../shared/templates.ts";
import { builtinTemplates } from "./builtin-templates.ts";
import { ApiError } from "../errors/api-error.ts";

/**
 * Built-in templates are what every admin trusts without reading: they stay as shipped, so nobody
 * can slip an invitee or open history into "community". A changed version is a copy under a new id.
 */
export function refuseBuiltin(ids: string[], verb: string): void {
  const builtin = ids.filter((id) => Object.hasOwn(builtinTemplates, id));
  if (builtin.length === 0) return;
  throw ApiError.forbidden(
    `The built-in template${builtin.length > 1 ? "s" : ""} ${builtin.map((id) => `"${id}"`).join(", ")} cannot be ${verb}.`,
    `Copy it under a new id (for example "${builtin[0]}-copy") and change the copy.`,
  ).saying(verb === "changed" ? "templateBuiltinChanged" : verb === "deleted" ? "templateBuiltinDeleted" : "templateBuiltinReplaced", { templates: builtin.join(", "), count: builtin.length, copy: `${builtin[0]}-copy` });
}

/** Whether `body` is exactly what a built-in ships with (bundles exported by older versions carry them). */
export function isShippedBuiltin(id: string, body: TemplateBody): boolean {
  return Object.hasOwn(builtinTemplates, id) && JSON.stringify(TemplateBody.parse(builtinTemplates[id])) === JSON.stringify(body);
}

function row(r: any): Template {
  return { id: r.id, version: r.version, builtin: r.builtin === 1, body: JSON.parse(r.body), updatedBy: r.updated_by, updatedAt: r.updated_at };
}

/** Templates live in the store; each save is a new version, older versions stay readable. */
export class TemplateStore {
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.seedBuiltins();
  }

  /** Writes the shipped built-ins, and restores one changed before they were read-only (the change stays in its history). */
  private seedBuiltins(): void {
    for (const [id, body] of Object.entries(builtinTemplates)) {
      const shipped = TemplateBody.parse(body);
      const current = this.db.prepare("SELECT body, deleted FROM templates WHERE id = ?").get(id) as { body: string; deleted: number } | undefined;
      if (!current || current.deleted || current.body !== JSON.stringify(shipped)) this.write(id, shipped, "built-in", true);
    }
  }

  list(): Template[] {
    return this.db.prepare("SELECT * FROM templates WHERE deleted = 0 ORDER BY builtin DESC, id").all().map(row);
  }

  get(id: string): Template {
    const r = this.db.prepare("SELECT * FROM templates WHERE id = ? AND deleted = 0").get(id);
    if (!r) throw ApiError.notFound(`No template "${id}".`, `Known templates: ${this.list().map((t) => t.id).join(", ")}.`).saying("templateNotFound", { id });
    return row(r);
  }

  find(id: string): Template | undefined {
    const r = this.db.prepare("SELECT * FROM templates WHERE id = ? AND deleted = 0").get(id);
    return r ? row(r) : undefined;
  }

  versions(id: string): Array<{ version: number; updatedBy: string; updatedAt: string; body: TemplateBody }> {
    return (this.db.prepare("SELECT * FROM template_versions WHERE id = ? ORDER BY version DESC").all(id) as any[]).map((r) => ({
      version: r.version,
      updatedBy: r.updated_by,
      updatedAt: r.updated_at,
      body: JSON.parse(r.body),
    }));
  }

  /** Saves a new version; `expectedVersion` guards against two moderators overwriting each other. */
  save(id: string, body: TemplateInput, by: string, expectedVersion?: number): Template {
    refuseBuiltin([id], "changed");
    const current = this.db.prepare("SELECT version, deleted FROM templates WHERE id = ?").get(id) as { version: number; deleted: number } | undefined;
    if (expectedVersion !== undefined && current && !current.deleted && current.version !== expectedVersion) {
      throw ApiError.conflict(
        `Template "${id}" changed meanwhile (now version ${current.version}, you edited version ${expectedVersion}).`,
        "Reload the template and apply your change again.",
      ).saying("templateChanged", { id, version: current.version, edited: expectedVersion });
    }
    return this.write(id, TemplateBody.parse(body), by, false);
  }

  delete(id: string): void {
    refuseBuiltin([id], "deleted");
    this.get(id);
    this.db.prepare("UPDATE templates SET deleted = 1 WHERE id = ?").run(id);
  }

  private write(id: string, body: TemplateBody, by: string, builtin: boolean): Template {
    const at = new Date().toISOString();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const last = this.db.prepare("SELECT MAX(version) AS v FROM template_versions WHERE id = ?").get(id) as { v: number | null };
      const version = (last.v ?? 0) + 1;
      const json = JSON.stringify(body);
      this.db.prepare("INSERT INTO template_versions (id, version, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)").run(id, version, json, by, at);
      this.db
        .prepare(
          `INSERT INTO templates (id, version, builtin, body, updated_by, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, 0)
           ON CONFLICT(id) DO UPDATE SET version = excluded.version, body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at, deleted = 0`,
        )
        .run(id, version, builtin ? 1 : 0, json, by, at);
      this.db.exec("COMMIT");
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
    return this.get(id);
  }
}
