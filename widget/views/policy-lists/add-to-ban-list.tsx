import { useState } from "preact/hooks";
import { TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { t } from "./messages.ts";

/** Puts one user on the community's ban list (from a report or a user card); enforcing it is the Ban lists screen's. */
export function AddToBanList({ user, defaultReason }: { user: string; defaultReason: string }) {
  const [reason, setReason] = useState(defaultReason);
  const add = useAction("policy-lists.add-rule");
  const { step } = add;
  if (step.phase === "done") return <Note tone="success">{t("banListAddedUser", { user })}</Note>;
  const plan = add.shownPlan;
  return (
    <form class="stack-tight" data-form="add-to-ban-list" onSubmit={add.submit(() => ({ kind: "user", entity: user, reason: reason.trim() }))}>
      <TextField label={t("banListReason")} value={reason} set={add.edited(setReason)} />
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="add-to-ban-list" title={t("banListAddUserTitle", { user })}>
          <p>{t("banListAddUserPlan", { user, stateKey: plan.stateKey })}</p>
        </PreviewCard>
      ) : null}
      <PlanButtons step={step} apply={t("banListAddDo")} onEdit={add.reset} />
    </form>
  );
}
