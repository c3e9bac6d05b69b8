import { useState } from "preact/hooks";
import type { MapGroupLevelInput, MapGroupRoomsInput, SyncStatus } from "../../../shared/sync.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { t } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { RoomPicker } from "../rooms/room-picker.tsx";
import { useJoinedRooms, useRoomNames } from "../../ui/joined-rooms.ts";

type Saved = { onSaved(): void };

/** Which rooms a group's members belong in; picking an existing mapping loads it into the form. */
function GroupRooms({ status, onSaved }: { status: SyncStatus } & Saved) {
  const rooms = useJoinedRooms();
  const name = useRoomNames();
  const [group, setGroup] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const save = useAction("sync.map-group-rooms");
  const submit = async (input: MapGroupRoomsInput) => {
    if (await save.apply(input)) onSaved();
  };
  return (
    <form class="card stack" data-form="group-rooms" onSubmit={(e) => (e.preventDefault(), void submit({ group: group.trim(), rooms: picked }))}>
      <h3>{t("syncGroupRooms")}</h3>
      <p class="muted">{t("syncGroupRoomsHint")}</p>
      <MappingList
        entries={Object.entries(status.groupRooms).map(([g, ids]) => [g, ids.map(name).join(", ")])}
        onPick={(g) => (setGroup(g), setPicked(status.groupRooms[g] ?? []))}
        onRemove={(g) => void submit({ group: g, rooms: [] })}
      />
      <TextField label={t("syncGroup")} value={group} set={setGroup} required maxLength={150} />
      <RoomPicker rooms={rooms.data ?? []} value={picked} set={setPicked} label={t("syncRooms")} />
      <ProblemNote problem={save.step.problem ?? rooms.problem} />
      {save.step.phase === "done" ? <Note tone="success">{t("syncSaved")}</Note> : null}
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={!group.trim() || save.step.phase === "applying"}>
          {t("syncSaveRooms")}
        </button>
      </div>
    </form>
  );
}

function MappingList({ entries, onPick, onRemove }: { entries: Array<[string, string]>; onPick(group: string): void; onRemove(group: string): void }) {
  if (!entries.length) return <p class="muted">{t("syncNoMappings")}</p>;
  return (
    <ul class="results">
      {entries.map(([group, value]) => (
        <li key={group} data-mapping={group}>
          <span class="result-text">
            <button type="button" class="link-button result-key" onClick={() => onPick(group)}>
              {group}
            </button>
            <span class="muted">{value}</span>
          </span>
          <button type="button" class="link-button" onClick={() => onRemove(group)}>
            {t("syncRemove")}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Group → power level: admins only; the server checks it again and refuses a level above the admin's own. */
function GroupLevels({ status, onSaved }: { status: SyncStatus } & Saved) {
  const { session } = useDashboard();
  const [group, setGroup] = useState("");
  const [level, setLevel] = useState("50");
  const save = useAction("sync.map-group-level");
  const admin = session.powerLevel >= status.adminPowerLevel;
  const submit = async (input: MapGroupLevelInput) => {
    if (await save.apply(input)) onSaved();
  };
  return (
    <form class="card stack" data-form="group-level" onSubmit={(e) => (e.preventDefault(), void submit({ group: group.trim(), level: Number(level) }))}>
      <h3>{t("syncGroupLevels")}</h3>
      <MappingList
        entries={Object.entries(status.groupLevels).map(([g, l]) => [g, String(l)])}
        onPick={(g) => (setGroup(g), setLevel(String(status.groupLevels[g])))}
        onRemove={(g) => admin && void submit({ group: g, level: null })}
      />
      {admin ? (
        <>
          <TextField label={t("syncGroup")} value={group} set={setGroup} required maxLength={150} />
          <TextField label={t("syncLevel")} type="number" min={1} max={Math.min(100, session.powerLevel)} value={level} set={setLevel} required />
          <ProblemNote problem={save.step.problem} />
          {save.step.phase === "done" ? <Note tone="success">{t("syncSaved")}</Note> : null}
          <div class="actions">
            <button type="submit" class="button button-primary" disabled={!group.trim() || save.step.phase === "applying"}>
              {t("syncSaveLevel")}
            </button>
          </div>
        </>
      ) : (
        <Note tone="info">
          <p data-admin-only>{t("syncAdminOnly", { level: status.adminPowerLevel, yours: session.powerLevel })}</p>
        </Note>
      )}
    </form>
  );
}

/** The welcome new people get: edit, preview with a sample person, save. */
function WelcomeTemplate({ status, onSaved }: { status: SyncStatus } & Saved) {
  const [text, setText] = useState(status.welcomeTemplate);
  const save = useAction("sync.set-welcome-template");
  const { step } = save;
  const plan = save.shownPlan;
  return (
    <form
      class="card stack"
      data-form="welcome"
      onSubmit={(e) => {
        e.preventDefault();
        if (plan) void save.apply().then((r) => r && onSaved());
        else void save.preview({ template: text });
      }}
    >
      <h3>{t("syncWelcome")}</h3>
      <TextField label={t("syncWelcome")} hint={t("syncWelcomeHint")} rows={4} value={text} set={save.edited(setText)} required maxLength={4000} />
      <ProblemNote problem={step.problem} />
      {plan ? <blockquote class="message-preview" data-welcome-preview>{plan.preview}</blockquote> : null}
      {step.phase === "done" ? <Note tone="success">{t("syncSaved")}</Note> : null}
      <PlanButtons step={step} apply={t("syncSaveWelcome")} disabled={!text.trim()} onEdit={save.reset} />
    </form>
  );
}

export function Mappings(props: { status: SyncStatus } & Saved) {
  return (
    <div class="stack">
      <GroupRooms {...props} />
      <GroupLevels {...props} />
      <WelcomeTemplate {...props} />
    </div>
  );
}
