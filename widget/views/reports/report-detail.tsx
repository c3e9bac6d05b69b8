import type { ReportDetail, ReportedEvent } from "../../../shared/reports.ts";
import { formatDateTime } from "../../ui/format.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { useLoad } from "../../ui/hooks.ts";
import { ProblemNote } from "../../ui/note.tsx";
import { AuditList, BanListMatches, ReportList } from "../user-card/user-card.tsx";
import { UserCardToggle } from "../user-card/user-link.tsx";
import { ReportActions } from "./report-actions.tsx";
import { t } from "./messages.ts";

function EventText({ event }: { event: ReportedEvent }) {
  switch (event.kind) {
    case "message":
      return <blockquote data-event="message">{event.body}</blockquote>;
    case "encrypted":
      return <p class="muted" data-event="encrypted">{t("reportEncrypted", { why: event.why })}</p>;
    case "redacted":
      return <p class="muted" data-event="redacted">{t("reportRedacted")}</p>;
    case "missing":
      return <p class="muted" data-event="missing">{t("reportMissing")}</p>;
    case "other":
      return <p class="muted" data-event="other">{t("reportOther", { type: event.type })}</p>;
  }
}

/** One report: the message (or why it cannot be shown), the sender's history, and the actions. */
export function ReportDetailView({ id, onBack }: { id: number; onBack(): void }) {
  const { api } = useDashboard();
  const detail = useLoad(() => api.request<ReportDetail>("GET", `api/reports/${id}`), [api, id]);
  const r = detail.data;
  return (
    <section class="stack" data-view="report-detail" data-report-id={id} aria-busy={detail.loading ? "true" : undefined}>
      <div class="view-head">
        <button type="button" class="button button-secondary button-small" onClick={onBack} data-action="back">
          {t("reportBack")}
        </button>
      </div>
      <ProblemNote problem={detail.problem} />
      {r ? (
        <>
          <h3>{t("reportRow", { sender: r.sender, room: r.roomName ?? r.roomAlias ?? r.roomId })}</h3>
          <p class="muted">
            {t("reportBy", { reporter: r.reporter, when: formatDateTime(r.receivedAt) })}
            {r.reportsOfEvent > 1 ? ` · ${t("reportTimes", { count: r.reportsOfEvent })}` : ""}
          </p>
          <section class="stack-tight" data-section="reason">
            <h4>{t("reportReason")}</h4>
            <p data-reason>{r.reason ?? t("reportNoReason")}</p>
          </section>
          <section class="stack-tight" data-section="message">
            <h4>{t("reportMessage")}</h4>
            <EventText event={r.event} />
          </section>
          <section class="stack-tight" data-section="sender-history">
            <h4>{t("reportHistory", { sender: r.sender })}</h4>
            <UserCardToggle userId={r.sender} label={t("reportOpenCard")} />
            <h5>{t("reportHistoryReports")}</h5>
            <ReportList reports={r.senderHistory.reportsAgainst} />
            <h5>{t("reportHistoryAudit")}</h5>
            <AuditList rows={r.senderHistory.audit} />
            <BanListMatches matches={r.senderHistory.banListMatches} title={t("reportBanLists")} />
          </section>
          <ReportActions report={r} onDone={detail.reload} onDismissed={onBack} />
        </>
      ) : null}
    </section>
  );
}
