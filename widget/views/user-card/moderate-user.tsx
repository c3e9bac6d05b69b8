import { useState } from "preact/hooks";
import type { RoomTargets } from "../../../shared/moderation.ts";
import { TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { useRoomNames } from "../../ui/joined-rooms.ts";
import { ProblemNote } from "../../ui/note.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { Summary } from "../../ui/summary.tsx";
import { t } from "./messages.ts";

export type ModerateChoice = { op: "kick" | "ban"; targets: RoomTargets; label: string };

/**
 * Remove or ban one person through the moderation feature's cross-room actions (the same the
 * Moderation screen and `!dash ban` use): preview says in how many rooms and which are skipped.
 */
export function ModerateUser({ user, choices, defaultReason = "" }: { user: string; choices: ModerateChoice[]; defaultReason?: string }) {
  const [index, setIndex] = useState<number | null>(null);
  const [reason, setReason] = useState(defaultReason);
  const choice = index === null ? undefined : choices[index];
  const ban = useAction("moderation.ban", { idempotent: true });
  const kick = useAction("moderation.kick", { idempotent: true });
  const action = choice?.op === "kick" ? kick : ban;
  const names = useRoomNames();
  const pick = (i: number) => {
    ban.reset();
    kick.reset();
    setIndex(i);
  };

  if (choice && action.step.phase === "done") {
    return <JobProgress jobId={action.step.result.jobId} title={`${choice.label}: ${user}`} describe={names} />;
  }
  const plan = action.shownPlan;
  return (
    <div class="stack-tight" data-section="moderate-user">
      <div class="actions">
        {choices.map((c, i) => (
          <button key={c.label} type="button" class={`button button-small ${index === i ? "button-primary" : "button-secondary"}`} data-moderate={`${c.op}-${c.targets.kind}`} onClick={() => pick(i)}>
            {c.label}
          </button>
        ))}
      </div>
      {choice ? (
        <form class="stack-tight" onSubmit={action.submit(() => ({ user, targets: choice.targets, ...(reason.trim() ? { reason: reason.trim() } : {}) }))}>
          <TextField label={t("cardReason")} value={reason} set={action.edited(setReason)} />
          <ProblemNote problem={action.step.problem} />
          {plan ? (
            <PreviewCard name={`moderate-${choice.op}`} danger title={`${choice.label}: ${plan.user}`}>
              <Summary
                rows={[
                  { id: "count", label: t("cardRooms"), value: plan.count, items: plan.rooms.filter((r) => !r.skip).map((r) => names(r.room)) },
                  plan.skipped.length > 0 && { id: "skipped", label: t("cardSkipped"), value: plan.skipped.length, items: plan.skipped.map((s) => `${names(s.room)}: ${s.skip}`), tone: "warning" },
                ]}
              />
            </PreviewCard>
          ) : null}
          <PlanButtons step={action.step} danger apply={t("cardModerateDo", { verb: choice.label, count: plan?.count ?? 0 })} disabled={plan ? plan.count === 0 : false} onEdit={action.reset} />
        </form>
      ) : null}
    </div>
  );
}
