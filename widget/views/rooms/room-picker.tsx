import { useState } from "preact/hooks";
import type { RoomSummary } from "../../../shared/rooms.ts";
import { t } from "../../ui/messages.ts";
import { roomLabel } from "../../ui/joined-rooms.ts";
import { CopyButton } from "../../ui/copy-button.tsx";

/** Checkboxes over the bot's rooms, with a filter; "select shown" picks what the filter matches. */
export function RoomPicker({ rooms, value, set, label }: { rooms: RoomSummary[]; value: string[]; set(ids: string[]): void; label: string }) {
  const [filter, setFilter] = useState("");
  const needle = filter.toLowerCase();
  const shown = rooms.filter((r) => !r.isSpace && [r.name, r.canonicalAlias, r.roomId].some((v) => v?.toLowerCase().includes(needle)));
  const chosen = new Set(value);
  const toggle = (id: string, on: boolean) => set(on ? [...value, id] : value.filter((v) => v !== id));
  return (
    <fieldset class="picker" data-picker="rooms">
      <legend class="field-label">{label}</legend>
      <input class="input" type="search" value={filter} placeholder={t("roomsFilter")} aria-label={t("roomsFilter")} onInput={(e) => setFilter(e.currentTarget.value)} />
      <div class="picker-tools">
        <span class="muted">{t("pickedCount", { count: value.length })}</span>
        <button type="button" class="link-button" onClick={() => set([...new Set([...value, ...shown.map((r) => r.roomId)])])}>
          {t("pickShown")}
        </button>
        <button type="button" class="link-button" onClick={() => set([])}>
          {t("pickNone")}
        </button>
      </div>
      <ul class="picker-list">
        {shown.map((room) => (
          <li key={room.roomId}>
            <label title={[roomLabel(room), room.canonicalAlias, room.roomId].filter(Boolean).join("\n")}>
              <input type="checkbox" checked={chosen.has(room.roomId)} data-room-id={room.roomId} onChange={(e) => toggle(room.roomId, e.currentTarget.checked)} />
              <span class="picker-name">{roomLabel(room)}</span>
              <span class="muted picker-alias">{room.canonicalAlias}</span>
            </label>
            <CopyButton text={room.canonicalAlias ?? room.roomId} />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
