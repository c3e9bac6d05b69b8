import { useEffect, useState } from "preact/hooks";
import { useDashboard } from "../../client/dashboard.ts";
import { useAction } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { t } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { forgetRooms } from "../../ui/joined-rooms.ts";

/**
 * Offers "Delete test room" when the server's preview says the room may be deleted (it was made
 * from the test template by the dashboard); for any other room it shows nothing.
 */
export function TestRoomCleanup({ room, onDeleted }: { room: string; onDeleted(): void }) {
  const { api } = useDashboard();
  const cleanup = useAction("rooms.delete-test-room");
  const [confirming, setConfirming] = useState(false);
  useEffect(() => void cleanup.preview({ room }), [room]);
  const { step } = cleanup;
  if (step.phase === "done") return <Note tone="success">{t("testRoomDeleted")}</Note>;
  if (step.phase !== "preview" && step.phase !== "applying") return null;
  const remove = async () => {
    if ((await cleanup.apply()) === undefined) return;
    forgetRooms(api);
    onDeleted();
  };
  return (
    <div class="card stack" data-test-room={room}>
      <p>{t("testRoomNote", { count: step.plan.members.length })}</p>
      <ProblemNote problem={step.problem} />
      <div class="actions">
        {confirming ? (
          <>
            <button type="button" class="button button-danger" data-action="confirm-delete-test-room" disabled={step.phase === "applying"} onClick={remove}>
              {t("testRoomDeleteConfirm")}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setConfirming(false)}>
              {t("cancel")}
            </button>
          </>
        ) : (
          <button type="button" class="button button-secondary" data-action="delete-test-room" onClick={() => setConfirming(true)}>
            <Icon name="trash" size={16} />
            {t("testRoomDelete")}
          </button>
        )}
      </div>
    </div>
  );
}
