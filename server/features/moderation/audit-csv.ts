import type { AuditRow } from "../../kernel/store/audit.ts";

function cell(value: unknown): string {
  const text = value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // Quote everything; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function auditCsv(rows: AuditRow[]): string {
  const header = ["id", "at", "actor", "actor_kind", "action", "target", "result", "detail", "request_id"];
  const lines = rows.map((r) => [r.id, r.at, r.actor, r.actorKind, r.action, r.target, r.result, r.detail, r.requestId].map(cell).join(","));
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}
