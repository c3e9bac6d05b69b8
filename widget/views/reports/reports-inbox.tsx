import { useState } from "preact/hooks";
import type { ReportInbox, ReportSummary } from "../../../shared/reports.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { useLoad } from "../../ui/hooks.ts";
import { formatDateTime } from "../../ui/format.ts";
import { Badge, Note, ProblemNote } from "../../ui/note.tsx";
import { ReportDetailView } from "./report-detail.tsx";
import { t } from "./messages.ts";

const when = (iso: string) => formatDateTime(iso);

function ReportRow({ report, onOpen }: { report: ReportSummary; onOpen(): void }) {
  return (
    <li class="row" data-report-id={report.id} data-event-id={report.eventId}>
      <button type="button" class="row-main" onClick={onOpen}>
        <span class="row-text">
          <span class="row-title">{t("reportRow", { sender: report.sender, room: report.roomName ?? report.roomAlias ?? report.roomId })}</span>
          <span class="row-sub">{report.reason ?? t("reportNoReason")}</span>
          <span class="row-sub">{t("reportBy", { reporter: report.reporter, when: when(report.receivedAt) })}</span>
        </span>
        {report.reportsOfEvent > 1 ? <Badge tone="warning">{t("reportTimes", { count: report.reportsOfEvent })}</Badge> : null}
        {report.managed ? null : <Badge>{t("reportOutside")}</Badge>}
      </button>
    </li>
  );
}

/** Members' reports, newest first; one opens with the message, the sender's history and what to do. */
export function ReportsInbox({ active = true }: { active?: boolean }) {
  const { api } = useDashboard();
  const inbox = useLoad(() => api.request<ReportInbox>("GET", "api/reports?limit=200"), [api], active);
  const [open, setOpen] = useState<number | null>(null);
  const data = inbox.data;
  if (open !== null) {
    return (
      <ReportDetailView
        id={open}
        onBack={() => {
          setOpen(null);
          inbox.reload();
        }}
      />
    );
  }
  return (
    <div class="stack" data-view="reports" aria-busy={inbox.loading ? "true" : undefined}>
      <p class="muted">{t("reportsIntro")}</p>
      <ProblemNote problem={inbox.problem} />
      {data && !data.available ? (
        <Note tone="warning">
          <p>
            <strong>{t("reportsUnavailable")}</strong>
          </p>
          <p data-reason="not-admin">{data.reason}</p>
          <p class="note-hint">{data.fix}</p>
        </Note>
      ) : null}
      {data?.available ? (
        <>
          <p class="muted" data-scope={data.scope}>
            {data.scope === "all" ? t("reportsScopeAll") : t("reportsScopeManaged")}
          </p>
          {data.reports.length === 0 ? (
            <p>{t("reportsEmpty")}</p>
          ) : (
            <ul class="rows" data-list="reports">
              {data.reports.map((r) => (
                <ReportRow key={r.id} report={r} onOpen={() => setOpen(r.id)} />
              ))}
            </ul>
          )}
          {data.truncated ? <Note tone="info">{t("reportsTruncated")}</Note> : null}
        </>
      ) : null}
      <div class="actions">
        <button type="button" class="button button-secondary button-small" onClick={inbox.reload}>
          {t("reportsReload")}
        </button>
      </div>
    </div>
  );
}
