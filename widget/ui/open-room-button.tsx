import { useDashboard } from "../client/dashboard.ts";
import { Icon } from "./icons.tsx";
import { t } from "./messages.ts";

/** Opens a room in the client; nothing when the client did not grant the navigate capability. */
export function OpenRoomButton({ roomId, primary = false }: { roomId: string; primary?: boolean }) {
  const { openRoom } = useDashboard();
  if (!openRoom) return null;
  return (
    <button type="button" class={`button ${primary ? "button-primary" : "button-secondary"}`} data-action="open-room" onClick={() => openRoom(roomId)}>
      <Icon name="arrowOut" size={16} />
      {t("openInElement")}
    </button>
  );
}
