import { useState } from "preact/hooks";
import { CheckField, TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { t } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { MessagePreview } from "../../ui/message-preview.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { Summary } from "../../ui/summary.tsx";
import { useRoomNames } from "../../ui/joined-rooms.ts";
import { anyTargets, TargetsPicker, toTargets, type TargetsDraft } from "../rooms/targets-picker.tsx";
import { saidText } from "../../ui/said-words.ts";

/** Write an announcement in Markdown, see it rendered and where it goes (and where not, and why), send it as a job. */
export function Announce() {
  const [markdown, setMarkdown] = useState("");
  const [targets, setTargets] = useState<TargetsDraft>(anyTargets);
  const [plaintext, setPlaintext] = useState(false);
  const [notify, setNotify] = useState(false);
  const [pin, setPin] = useState(false);
  const send = useAction("announcements.send", { idempotent: true });
  const names = useRoomNames();
  const { step } = send;
  const { edited } = send;

  if (step.phase === "done") {
    return (
      <div class="stack">
        <JobProgress jobId={step.result.jobId} title={t("announceProgress")} describe={names} showAll roomOf={(roomId) => roomId}>
          {step.plan ? <MessagePreview html={step.plan.message.formatted_body} /> : null}
        </JobProgress>
        <div class="actions">
          <button type="button" class="button button-secondary" onClick={() => (setMarkdown(""), send.reset())}>
            {t("announceNew")}
          </button>
        </div>
      </div>
    );
  }
  const plan = send.shownPlan;
  return (
    <form
      class="stack"
      data-form="announce"
      onSubmit={send.submit(() => ({ markdown, targets: toTargets(targets), plaintextInEncryptedRooms: plaintext, notifyRoom: notify, pin }))}
    >
      <TextField label={t("announceMessage")} hint={t("announceMarkdownHint")} rows={6} value={markdown} set={edited(setMarkdown)} required />
      <TargetsPicker value={targets} set={edited(setTargets)} />
      {/* Only where the plan had to skip encrypted rooms: with the bot's encryption on, they get the announcement encrypted. */}
      {plaintext || plan?.skipped.some((s) => s.reason.code === "announcements.skip-encrypted") ? (
        <CheckField label={t("announcePlaintext")} hint={t("announcePlaintextHint")} checked={plaintext} set={edited(setPlaintext)} />
      ) : null}
      {plaintext ? <Note tone="warning">{t("announcePlaintextWarning")}</Note> : null}
      <CheckField label={t("announceNotify")} checked={notify} set={edited(setNotify)} />
      <CheckField label={t("announcePin")} checked={pin} set={edited(setPin)} />
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="announce">
          <MessagePreview html={plan.message.formatted_body} />
          <Summary
            rows={[
              { id: "count", label: t("announceReach"), value: plan.count },
              { id: "skipped", label: t("skipped"), value: plan.skipped.length, items: plan.skipped.map((s) => `${names(s.room)}: ${saidText(s.reason)}`), tone: plan.skipped.length ? "warning" : undefined },
              ...(plan.limited.length
                ? [{ id: "limited", label: t("announceLimited"), value: plan.limited.length, items: plan.limited.map((l) => `${names(l.room)}: ${saidText(l.reason)}`), tone: "warning" as const }]
                : []),
            ]}
          />
          {plan.warnings.map((w) => (
            <Note key={w.text} tone="warning">
              {saidText(w)}
            </Note>
          ))}
        </PreviewCard>
      ) : null}
      <PlanButtons step={step} apply={t("announceSend", { count: plan?.count ?? 0 })} disabled={plan ? plan.count === 0 : !markdown.trim()} onEdit={send.reset} />
    </form>
  );
}
