import { useState } from "preact/hooks";
import type { ConflictResult } from "../../client/plans.ts";
import { splitIds, TextField } from "../../ui/fields.tsx";
import { useDashboard } from "../../client/dashboard.ts";
import { useAction, useArrival } from "../../ui/hooks.ts";
import { t } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { ResultCard } from "../../ui/result-card.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { Summary } from "../../ui/summary.tsx";
import { saidText } from "../../ui/said-words.ts";
import { tc } from "./conflict-words.ts";

/** A private, encrypted room for the people in a disagreement, a mediator and the moderators: preview, create, open. */
export function ConflictRoom() {
  const [parties, setParties] = useState("");
  const [mediator, setMediator] = useState("");
  const [reason, setReason] = useState("");
  const [name, setName] = useState("");
  const create = useAction("moderation.conflict-room", { idempotent: true });
  const { step } = create;
  const { edited } = create;
  const { session } = useDashboard();

  if (step.phase === "done") {
    return <Created room={step.result} name={step.plan?.room.name ?? step.result.alias ?? step.result.roomId} onAgain={() => (setParties(""), setMediator(""), setReason(""), setName(""), create.reset())} />;
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
        // The name, the topic and the opening message are what everyone invited reads in the room: they
        // are written in the moderator's language (the community's, as a rule) and shown in the preview
        // as they will be posted. Chat and CLI leave them out and get the server's English.
        name: name.trim() || t("conflictDefaultName", { parties: splitIds(parties).map((p) => p.slice(1).split(":")[0]).join(", ") }),
        topic: tc("conflictTopicText"),
        opening: openingText(session.userId, splitIds(parties), mediator.trim(), reason.trim()),
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
          {plan.openingNote ? <Note tone="warning">{saidText(plan.openingNote)}</Note> : null}
          {plan.room.warnings.map((w) => (
            <Note key={w.text} tone="warning">
              {saidText(w)}
            </Note>
          ))}
        </PreviewCard>
      ) : null}
      <PlanButtons step={step} apply={step.phase === "applying" ? t("creating") : t("create")} onEdit={create.reset} />
    </form>
  );
}

/** The opening message in the widget's language, with the same facts as the server's English default. */
function openingText(actor: string, parties: string[], mediator: string, reason: string): string {
  const facts = { actor, parties: parties.join(", "), reason };
  return mediator ? tc("conflictOpeningMediated", { ...facts, mediator }) : tc("conflictOpeningText", facts);
}

/** The conflict room made: where it is and a way in; keyboard focus moves here from the gone form. */
function Created({ room, name, onAgain }: { room: ConflictResult; name: string; onAgain(): void }) {
  const arrival = useArrival<HTMLDivElement>();
  return (
    <div ref={arrival} tabIndex={-1} aria-label={t("conflictCreated")} class="stack" data-created-room={room.roomId}>
      <ResultCard
        title={t("conflictCreated")}
        items={[
          { key: room.roomId, label: name, state: "done", copy: room.alias ?? room.roomId, roomId: room.roomId },
          ...room.invited.map((user) => ({ key: user, label: t("conflictInvited", { user }), state: "done" as const, copy: user })),
        ]}
        actions={
          <>
            <a class="button button-secondary" href={room.link} target="_blank" rel="noopener noreferrer" data-link>
              {t("conflictLink")}
            </a>
            <button type="button" class="button button-secondary" onClick={onAgain}>
              {t("createAnother")}
            </button>
          </>
        }
      >
        {room.noticePosted ? null : room.noticeNote ? <Note tone="info">{room.noticeNote}</Note> : null}
      </ResultCard>
    </div>
  );
}
