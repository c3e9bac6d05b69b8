import { useState } from "preact/hooks";
import { splitIds, TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { t } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { OpenRoomButton } from "../../ui/open-room-button.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { Summary } from "../../ui/summary.tsx";

/** A private, encrypted room for the people in a disagreement, a mediator and the moderators: preview, create, open. */
export function ConflictRoom() {
  const [parties, setParties] = useState("");
  const [mediator, setMediator] = useState("");
  const [reason, setReason] = useState("");
  const [name, setName] = useState("");
  const create = useAction("moderation.conflict-room", { idempotent: true });
  const { step } = create;
  const { edited } = create;

  if (step.phase === "done") {
    const room = step.result;
    return (
      <div class="stack" data-created-room={room.roomId}>
        <Note tone="success">
          <p>{t("conflictCreated")}</p>
          <a href={room.link} target="_blank" rel="noopener noreferrer" data-link>
            {room.link}
          </a>
        </Note>
        {room.noticePosted ? null : room.noticeNote ? <Note tone="info">{room.noticeNote}</Note> : null}
        <div class="actions">
          <OpenRoomButton roomId={room.roomId} primary />
          <button type="button" class="button button-secondary" onClick={() => (setParties(""), setMediator(""), setReason(""), setName(""), create.reset())}>
            {t("createAnother")}
          </button>
        </div>
      </div>
    );
  }
  const plan = create.shownPlan;
  return (
    <form
      class="stack"
      data-form="conflict-room"
      onSubmit={create.submit(() => ({
        parties: splitIds(parties),
        reason,
        ...(mediator.trim() ? { mediator: mediator.trim() } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
      }))}
    >
      <p class="muted">{t("conflictIntro")}</p>
      <TextField label={t("conflictParties")} hint={t("idsHint")} rows={2} value={parties} set={edited(setParties)} required />
      <TextField label={t("conflictMediator")} hint={t("optional")} value={mediator} set={edited(setMediator)} placeholder="@mediator:example.org" />
      <TextField label={t("conflictReason")} hint={t("conflictReasonHint")} rows={2} value={reason} set={edited(setReason)} required />
      <TextField label={t("roomName")} hint={t("optional")} value={name} set={edited(setName)} />
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="conflict-room">
          <Summary
            rows={[
              { id: "name", label: t("roomName"), value: plan.room.name },
              { id: "invites", label: t("invites"), value: plan.room.invites.length, items: plan.room.invites },
              { id: "encrypted", label: t("encryption"), value: plan.room.encrypted ? t("on") : t("off") },
              { id: "opening", label: t("conflictOpening"), value: plan.openingNote ? t("conflictNotPosted") : t("conflictAsMessage") },
            ]}
          />
          <p class="quote">{plan.opening}</p>
          {plan.openingNote ? <Note tone="warning">{plan.openingNote}</Note> : null}
          {plan.room.warnings.map((w) => (
            <Note key={w} tone="warning">
              {w}
            </Note>
          ))}
        </PreviewCard>
      ) : null}
      <PlanButtons step={step} apply={step.phase === "applying" ? t("creating") : t("create")} onEdit={create.reset} />
    </form>
  );
}
