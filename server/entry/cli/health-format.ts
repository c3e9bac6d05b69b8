import type { HealthReport } from "../../../shared/health.ts";

const MARK = { ok: "✔", warn: "!", fail: "✘", skipped: "-" } as const;

export function formatReport(report: HealthReport): string {
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`${MARK[c.status]} ${c.title}: ${c.summary}`);
    if (c.status !== "ok" && c.status !== "skipped") {
      if (c.cause) lines.push(`    cause: ${c.cause}`);
      if (c.fix) lines.push(`    fix:   ${c.fix}`);
    }
  }
  lines.push("");
  lines.push(report.ok ? "All required checks passed." : "Some required checks failed: fix them and run `npm run doctor` again.");
  return lines.join("\n");
}
