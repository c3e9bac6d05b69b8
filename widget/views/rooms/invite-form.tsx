import { useState } from "preact/hooks";
import { splitIds, TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { t } from "../../ui/messages.ts";
import { ProblemNote } from "../../ui/note.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { Summary } from "../../ui/summary.tsx";
import { useJoinedRooms, useRoomNames } from "../../ui/joined-rooms.ts";
import { RoomPicker } from "./room-picker.tsx";

/**
 * Invites people to rooms as a background job: paste IDs, pick rooms (or one fixed room), see what
 * would happen (invalid, unknown, already there), start, and follow the progress.
 */
export function InviteForm({ room, onFinished }: { room?: string; onFinished?: () => void }) {
  const [users, setUsers] = useState("");
  const [rooms, setRooms] = useState<string[]>([]);
  const invite = useAction("rooms.invite", { idempotent: true });
  const joined = useJoinedRooms();
  const names = useRoomNames();
  const { step } = invite;
  const { edited } = invite;

  if (step.phase === "done") {
    return (
      <div class="stack">
        <JobProgress
          jobId={step.result.jobId}
          title={t("inviteProgress")}
          onFinished={onFinished}
          describe={(key) => {
            const [roomId = "", user = ""] = key.split(" ");
            return room ? user : t("inviteItem", { user, room: names(roomId) });
          }}
        />
        <div class="actions">
          <button type="button" class="button button-secondary" onClick={() => (setUsers(""), invite.reset())}>
            {t("inviteMore")}
          </button>
        </div>
      </div>
    );
  }
  const plan = invite.shownPlan;
  return (
    <form
      class="stack"
      data-form="invite"
      onSubmit={invite.submit(() => ({ rooms: room ? [room] : rooms, users: splitIds(users) }))}
    >
      <TextField label={t("invitePeople")} hint={t("idsHint")} rows={3} value={users} set={edited(setUsers)} placeholder="@alice:example.org" required />
      {room ? null : <RoomPicker label={t("inviteRooms")} rooms={joined.data ?? []} value={rooms} set={edited(setRooms)} />}
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="invite">
          <Summary
            rows={[
              { id: "invites", label: t("inviteWillSend"), value: plan.invites.length },
              { id: "already", label: t("inviteAlready"), value: plan.alreadyThere.length, items: plan.alreadyThere.map((a) => t("inviteItem", { user: a.user, room: names(a.room) })) },
              { id: "invalid", label: t("inviteInvalid"), value: plan.invalid.length, items: plan.invalid, tone: plan.invalid.length ? "critical" : undefined },
              { id: "unknown", label: t("inviteUnknown"), value: plan.unknown.length, items: plan.unknown, tone: plan.unknown.length ? "critical" : undefined },
              plan.roomsRefused.length > 0 && { id: "refused", label: t("inviteRefused"), value: plan.roomsRefused.length, items: plan.roomsRefused.map((r) => `${names(r.room)}: ${r.reason}`), tone: "warning" },
            ]}
          />
        </PreviewCard>
      ) : null}
      <PlanButtons
        step={step}
        apply={t("inviteStart", { count: plan?.invites.length ?? 0 })}
        disabled={plan ? plan.invites.length === 0 : !users.trim() || (!room && rooms.length === 0)}
        onEdit={invite.reset}
      />
    </form>
  );
}
