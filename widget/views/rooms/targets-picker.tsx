import type { RoomTargets } from "../../../shared/moderation.ts";
import { t } from "../../ui/messages.ts";
import { SelectField, TextField } from "../../ui/fields.tsx";
import { ProblemNote } from "../../ui/note.tsx";
import { roomLabel, useJoinedRooms } from "../../ui/joined-rooms.ts";
import { RoomPicker } from "./room-picker.tsx";

export type TargetsDraft = { kind: RoomTargets["kind"]; space: string; tag: string; rooms: string[] };
export const anyTargets: TargetsDraft = { kind: "all", space: "", tag: "", rooms: [] };

export function toTargets(d: TargetsDraft): RoomTargets {
  if (d.kind === "space") return { kind: "space", space: d.space };
  if (d.kind === "tag") return { kind: "tag", tag: d.tag.trim() };
  if (d.kind === "rooms") return { kind: "rooms", rooms: d.rooms };
  return { kind: "all" };
}

/** Which rooms an announcement or a cross-room action reaches: all, a space's rooms, a tag, or chosen rooms. */
export function TargetsPicker({ value, set, label = t("targets") }: { value: TargetsDraft; set(d: TargetsDraft): void; label?: string }) {
  const rooms = useJoinedRooms();
  const spaces = (rooms.data ?? []).filter((r) => r.isSpace);
  const patch = (p: Partial<TargetsDraft>) => set({ ...value, ...p });
  return (
    <div class="stack" data-targets={value.kind}>
      <SelectField
        label={label}
        value={value.kind}
        set={(kind) => patch({ kind, space: value.space || spaces[0]?.roomId || "" })}
        options={[
          ["all", t("targetsAll")],
          ["space", t("targetsSpace")],
          ["tag", t("targetsTag")],
          ["rooms", t("targetsRooms")],
        ]}
      />
      <ProblemNote problem={rooms.problem} />
      {value.kind === "space" ? (
        spaces.length ? (
          <SelectField label={t("targetsSpaceLabel")} value={value.space} set={(space) => patch({ space })} options={spaces.map((s) => [s.roomId, roomLabel(s)])} />
        ) : (
          <p class="muted">{t("targetsNoSpaces")}</p>
        )
      ) : null}
      {value.kind === "tag" ? <TextField label={t("targetsTagLabel")} hint={t("targetsTagHint")} value={value.tag} set={(tag) => patch({ tag })} /> : null}
      {value.kind === "rooms" ? <RoomPicker label={t("targetsRoomsLabel")} rooms={rooms.data ?? []} value={value.rooms} set={(ids) => patch({ rooms: ids })} /> : null}
    </div>
  );
}
