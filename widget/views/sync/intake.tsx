import { useState } from "preact/hooks";
import type { IntakePlan, IntakeStatus } from "../../../shared/onboarding.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { useAction, useLoad } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { t } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { Summary } from "../../ui/summary.tsx";
import { useRoomNames } from "../../ui/joined-rooms.ts";
import { saidText } from "../../ui/said-words.ts";

/** Who plans to do what for each picked person: rooms, welcome, goodbye. */
function IntakePreview({ plan }: { plan: IntakePlan }) {
  const room = useRoomNames();
  return (
    <PreviewCard name="intake">
      {plan.warnings.map((w) => (
        <Note key={w.text} tone="warning">
          {saidText(w)}
        </Note>
      ))}
      {plan.people.map((p) => (
        <div key={p.userId} class="stack-tight" data-person={p.userId}>
          <strong>
            {p.displayName} <span class="muted">{p.userId}</span>
          </strong>
          <Summary
            rows={[
              p.authentikUsername ? { id: "authentik", label: t("syncAuthentik"), value: t("intakeKnown", { username: p.authentikUsername }) } : null,
              { id: "rooms", label: t("intakeRooms"), value: p.rooms.map((r) => room(r.roomId)).join(", ") },
              { id: "welcome", label: t("intakeWelcome"), value: p.welcome ?? t("intakeWelcomedBefore") },
              { id: "farewell", label: t("intakeFarewell"), value: p.farewell },
            ]}
          />
        </div>
      ))}
      {plan.notWaiting.length ? <Note tone="warning">{`${t("intakeNotWaiting")}: ${plan.notWaiting.join(", ")}`}</Note> : null}
    </PreviewCard>
  );
}

/** The intake room's waiting list: pick people, preview, let them in as a job. */
export function Intake({ active }: { active: boolean }) {
  const { api } = useDashboard();
  const status = useLoad(() => api.request<IntakeStatus>("GET", "api/onboarding/intake"), [api], active);
  const [picked, setPicked] = useState<string[]>([]);
  const approve = useAction("onboarding.approve-intake", { idempotent: true });
  const room = useRoomNames();
  const { step } = approve;
  const s = status.data;

  if (step.phase === "done") {
    const again = () => (setPicked([]), approve.reset(), status.reload());
    return (
      <div class="stack" data-intake-applied>
        {step.result.jobId ? <JobProgress jobId={step.result.jobId} title={t("intakeProgress")} showAll onFinished={status.reload} /> : <Note tone="info">{t("intakeNobody")}</Note>}
        <div class="actions">
          <button type="button" class="button button-secondary" onClick={again}>
            {t("intakeMore")}
          </button>
        </div>
      </div>
    );
  }
  if (s && !s.configured) {
    return (
      <Note tone="info">
        <p data-intake-off>
          <strong>{t("intakeNotConfigured")}</strong>
        </p>
        <p>{s.said ? saidText(s.said) : s.reason}</p>
      </Note>
    );
  }
  const plan = approve.shownPlan;
  const toggle = (id: string, on: boolean) => approve.edited(setPicked)(on ? [...picked, id] : picked.filter((p) => p !== id));
  return (
    <form
      class="stack"
      data-form="intake"
      onSubmit={approve.submit(() => ({ users: picked }))}
    >
      <ProblemNote problem={status.problem} />
      {s?.configured ? (
        <fieldset class="picker" data-picker="intake">
          <legend class="field-label">{t("intakeWaiting", { room: room(s.intakeRoomId) })}</legend>
          <div class="picker-tools">
            <span class="muted">{t("pickedCount", { count: picked.length })}</span>
            <button type="button" class="link-button" onClick={() => approve.edited(setPicked)(s.candidates.map((c) => c.userId))}>
              {t("pickShown")}
            </button>
            <button type="button" class="link-button" onClick={status.reload}>
              {t("intakeRefresh")}
            </button>
          </div>
          {s.candidates.length ? (
            <ul class="picker-list">
              {s.candidates.map((c) => (
                <li key={c.userId}>
                  <label>
                    <input type="checkbox" checked={picked.includes(c.userId)} data-user-id={c.userId} onChange={(e) => toggle(c.userId, e.currentTarget.checked)} />
                    <span class="picker-name">{c.displayName ?? c.userId}</span>
                    <span class="muted picker-alias">{c.userId}</span>
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t("intakeNobody")}</p>
          )}
        </fieldset>
      ) : status.loading ? (
        <p class="muted">{t("loading")}</p>
      ) : null}
      <ProblemNote problem={step.problem} />
      {plan ? <IntakePreview plan={plan} /> : null}
      <PlanButtons step={step} apply={t("intakeLetIn", { count: plan?.people.length ?? 0 })} disabled={plan ? plan.people.length === 0 : picked.length === 0} onEdit={approve.reset} />
    </form>
  );
}
