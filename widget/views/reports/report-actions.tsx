import { useEffect, useState } from "preact/hooks";
import type { ReportDetail } from "../../../shared/reports.ts";
import { TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { ModerateUser } from "../user-card/moderate-user.tsx";
import { t } from "./messages.ts";
import { AddToBanList } from "../policy-lists/add-to-ban-list.tsx";
import { t as banListText } from "../policy-lists/messages.ts";

type Props = { report: ReportDetail; onDone(): void; onDismissed(): void };

function Redact({ report, onDone }: Props) {
  const [reason, setReason] = useState("");
  const action = useAction("reports.redact");
  // The message above then reads "removed".
  useEffect(() => void (action.step.phase === "done" && onDone()), [action.step.phase]);
  if (action.step.phase === "done") return <Note tone="success">{action.step.plan?.alreadyRedacted ? t("reportAlreadyRemoved") : t("reportRedactDone")}</Note>;
  const plan = action.shownPlan;
  return (
    <form class="stack-tight" data-form="report-redact" onSubmit={action.submit(() => ({ reportId: report.id, ...(reason.trim() ? { reason: reason.trim() } : {}) }))}>
      <TextField label={t("reportRedactReason")} value={reason} set={action.edited(setReason)} />
      <ProblemNote problem={action.step.problem} />
      {plan ? (
        <PreviewCard name="report-redact" danger title={t("reportRedact")}>
          <p>{plan.alreadyRedacted ? t("reportAlreadyRemoved") : plan.reason}</p>
        </PreviewCard>
      ) : null}
      <PlanButtons step={action.step} danger apply={t("reportRedactDo")} onEdit={action.reset} />
    </form>
  );
}

function Warn({ report }: Props) {
  const [message, setMessage] = useState("");
  const action = useAction("reports.warn", { idempotent: true });
  if (action.step.phase === "done") return <Note tone="success">{t("reportWarnDone")}</Note>;
  const plan = action.shownPlan;
  return (
    <form class="stack-tight" data-form="report-warn" onSubmit={action.submit(() => ({ reportId: report.id, ...(message.trim() ? { message: message.trim() } : {}) }))}>
      <p class="muted">{t("reportWarnHint")}</p>
      <TextField label={t("reportWarnText")} hint={t("optional")} rows={2} value={message} set={action.edited(setMessage)} />
      <ProblemNote problem={action.step.problem} />
      {plan ? (
        <PreviewCard name="report-warn" title={t("reportWarn")}>
          <blockquote>{plan.message}</blockquote>
        </PreviewCard>
      ) : null}
      <PlanButtons step={action.step} apply={t("reportWarnDo")} onEdit={action.reset} />
    </form>
  );
}

function Dismiss({ report, onDismissed }: Props) {
  const action = useAction("reports.dismiss");
  if (action.step.phase === "done") {
    return (
      <Note tone="success">
        <p>{t("reportDismissed", { id: report.id })}</p>
        <button type="button" class="button button-secondary button-small" onClick={onDismissed}>
          {t("reportBack")}
        </button>
      </Note>
    );
  }
  return (
    <form class="stack-tight" data-form="report-dismiss" onSubmit={action.submit(() => ({ reportId: report.id }))}>
      <ProblemNote problem={action.step.problem} />
      {action.shownPlan ? (
        <PreviewCard name="report-dismiss" title={t("reportDismiss")}>
          <p>{t("reportRow", { sender: report.sender, room: report.roomName ?? report.roomId })}</p>
        </PreviewCard>
      ) : null}
      <PlanButtons step={action.step} apply={t("reportDismissDo", { id: report.id })} onEdit={action.reset} />
    </form>
  );
}

/**
 * What a moderator can do about a report, each previewed first. Another feature's action (the
 * ban list's "add to ban list") joins as one more entry of this list.
 */
export const REPORT_ACTIONS: Array<{ id: string; title: string; managedOnly: boolean; Form(props: Props): preact.JSX.Element | null }> = [
  { id: "redact", title: t("reportRedact"), managedOnly: true, Form: Redact },
  { id: "warn", title: t("reportWarn"), managedOnly: true, Form: Warn },
  {
    id: "moderate",
    title: `${t("reportBanAll")} / ${t("reportKickAll")}`,
    managedOnly: true,
    Form: ({ report }) => (
      <ModerateUser
        user={report.sender}
        defaultReason={report.reason ? `Report ${report.id}: ${report.reason}` : `Report ${report.id}`}
        choices={[
          { op: "kick", targets: { kind: "rooms", rooms: [report.roomId] }, label: t("reportKickHere") },
          { op: "ban", targets: { kind: "rooms", rooms: [report.roomId] }, label: t("reportBanHere") },
          { op: "kick", targets: { kind: "all" }, label: t("reportKickAll") },
          { op: "ban", targets: { kind: "all" }, label: t("reportBanAll") },
        ]}
      />
    ),
  },
  {
    id: "ban-list",
    title: banListText("banListAddToList"),
    managedOnly: true,
    Form: ({ report }) => <AddToBanList user={report.sender} defaultReason={report.reason ? `Report ${report.id}: ${report.reason}` : `Report ${report.id}`} />,
  },
  { id: "dismiss", title: t("reportDismiss"), managedOnly: false, Form: Dismiss },
];

export function ReportActions(props: Props) {
  return (
    <section class="stack" data-section="report-actions">
      <h4>{t("reportActions")}</h4>
      {REPORT_ACTIONS.filter((a) => props.report.managed || !a.managedOnly).map(({ id, title, Form }) => (
        <details key={id} class="card" data-report-action={id}>
          <summary>{title}</summary>
          <Form {...props} />
        </details>
      ))}
    </section>
  );
}
