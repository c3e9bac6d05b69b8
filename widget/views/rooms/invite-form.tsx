import { useState } from "preact/hooks";
import { splitIds, TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { t, type MessageKey } from "../../ui/messages.ts";
import { saidText } from "../../ui/said-words.ts";
import type { UserIdProblem } from "../../../shared/matrix-ids.ts";

/** Why a line is not a user ID, in words. */
const problemWords: Record<UserIdProblem, MessageKey> = {
  "not-user": "idNotUser",
  "bad-localpart": "idBadLocalpart",
  "bad-server": "idBadServer",
  "too-long": "idTooLong",
};
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
          roomOf={(key) => key.split(" ")[0]}
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
      <TextField label={t("invitePeople")} hint={t("inviteIdsHint")} rows={3} value={users} set={edited(setUsers)} placeholder="@alice:example.org" required />
      {room ? null : <RoomPicker label={t("inviteRooms")} rooms={joined.data ?? []} value={rooms} set={edited(setRooms)} />}
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="invite">
          <Summary
            rows={[
              { id: "invites", label: t("inviteWillSend"), value: plan.invites.length },
              { id: "already", label: t("inviteAlready"), value: plan.alreadyThere.length, items: plan.alreadyThere.map((a) => t("inviteItem", { user: a.user, room: names(a.room) })) },
              {
                id: "invalid",
                label: t("inviteInvalid"),
                value: plan.rejected.length,
                items: plan.rejected.map((r) => t("inviteRejected", { input: r.input, why: t(problemWords[r.problem]) })),
                tone: plan.rejected.length ? "critical" : undefined,
              },
              plan.completed.length > 0 && { id: "completed", label: t("inviteCompleted"), value: plan.completed.length, items: plan.completed.map((c) => t("inviteCompletedItem", { input: c.input, user: c.userId })) },
              { id: "unknown", label: t("inviteUnknown"), value: plan.unknown.length, items: plan.unknown, tone: plan.unknown.length ? "critical" : undefined },
              plan.roomsRefused.length > 0 && { id: "refused", label: t("inviteRefused"), value: plan.roomsRefused.length, items: plan.roomsRefused.map((r) => `${names(r.room)}: ${r.said ? saidText(r.said) : r.reason}`), tone: "warning" },
            ]}
          />
        </PreviewCard>
      ) : null}
      {plan && plan.invites.length === 0 ? (
        <p class="muted" id="invite-none-why" data-why-disabled>
          {t("inviteNoneWhy")}
        </p>
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
