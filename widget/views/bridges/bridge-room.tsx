import { useEffect, useRef } from "preact/hooks";
import type { BridgeSummary } from "../../../shared/bridges.ts";
import type { RoomDetail } from "../../../shared/rooms.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { ProblemNote } from "../../ui/note.tsx";
import { roomLabel } from "../../ui/joined-rooms.ts";
import { BridgeForms } from "./bridge-forms.tsx";
import { BridgedActions } from "./bridged-actions.tsx";
import { HealthCard } from "./bridge-health.tsx";
import { t } from "./messages.ts";

/** One room and its bridge: health first, then bridging it (new or existing group) or managing the bridge. */
export function BridgeRoom({ roomId, bridges, onBack, onOpenDetail }: { roomId: string; bridges: BridgeSummary[]; onBack(): void; onOpenDetail(roomId: string): void }) {
  const { api, openRoom } = useDashboard();
  const detail = useLoad(() => api.request<RoomDetail>("GET", `api/rooms/${encodeURIComponent(roomId)}`), [api, roomId]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [roomId]);
  const room = detail.data?.room;
  const health = room?.bridgeHealth ?? null;
  return (
    <section class="stack" data-view="bridge-room" data-room-id={roomId} aria-busy={detail.loading ? "true" : undefined}>
      <div class="view-head">
        <button type="button" class="icon-button" onClick={onBack} aria-label={t("back")} title={t("back")}>
          <Icon name="back" size={22} />
        </button>
        <h2 ref={heading} tabIndex={-1}>
          {room ? roomLabel(room) : t("loading")}
        </h2>
        <button type="button" class="icon-button" onClick={() => onOpenDetail(roomId)} aria-label={t("roomDetails")} title={t("roomDetails")}>
          <Icon name="people" size={20} />
        </button>
        {openRoom ? (
          <button type="button" class="icon-button" onClick={() => openRoom(roomId)} aria-label={t("openInElement")} title={t("openInElement")}>
            <Icon name="arrowOut" size={20} />
          </button>
        ) : null}
      </div>
      <ProblemNote problem={detail.problem} />
      {room && health ? (
        <>
          <div aria-live="polite">
            <HealthCard health={health} onRefresh={detail.reload} />
          </div>
          {health.bridged ? (
            <BridgedActions room={roomId} health={health} onDone={detail.reload} />
          ) : (
            <BridgeForms key={roomId} room={roomId} roomName={roomLabel(room)} bridges={bridges} preferred={health.network} onDone={detail.reload} />
          )}
        </>
      ) : null}
    </section>
  );
}
