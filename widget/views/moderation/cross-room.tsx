import { useState } from "preact/hooks";
import { CheckField, SelectField, TextField } from "../../ui/fields.tsx";
import { t as banListText } from "../policy-lists/messages.ts";
import { useAction } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { t, type MessageKey } from "../../ui/messages.ts";
import { ProblemNote } from "../../ui/note.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { Summary } from "../../ui/summary.tsx";
import { useRoomNames } from "../../ui/joined-rooms.ts";
import { useCapped } from "../../ui/capped.ts";
import { ShowAll } from "../../ui/show-all.tsx";
import { refusalText } from "../../ui/said-words.ts";
import { anyTargets, TargetsPicker, toTargets, type TargetsDraft } from "../rooms/targets-picker.tsx";

/** The rooms the action will act in, by name: a count alone does not let a moderator check the scope. */
function RoomList({ rooms }: { rooms: string[] }) {
  const list = useCapped(rooms, 8);
  if (rooms.length === 0) return null;
  return (
    <div data-cross-rooms>
      <p class="muted">{t("crossRoomsListed")}</p>
      <ul class="access-changes">
        {list.shown.map((name, i) => (
          <li key={i}>{name}</li>
        ))}
      </ul>
      <ShowAll list={list} />
    </div>
  );
}

type Op = "ban" | "kick" | "unban" | "redact";
const confirmKeys: Record<Op, MessageKey> = { ban: "crossConfirmBan", kick: "crossConfirmKick", unban: "crossConfirmUnban", redact: "crossConfirmRedact" };

/** Ban, remove, unban or clean up one user across many rooms, after a confirmation that says how many. */
export function CrossRoom() {
  const [op, setOp] = useState<Op>("ban");
  const [user, setUser] = useState("");
  const [reason, setReason] = useState("");
  const [limit, setLimit] = useState("50");
  const [targets, setTargets] = useState<TargetsDraft>(anyTargets);
  const [addToBanList, setAddToBanList] = useState(false);
  const action = useAction(`moderation.${op}`, { idempotent: true });
  const names = useRoomNames();
  const { step } = action;
  const { edited } = action;

  if (step.phase === "done") {
    return (
      <div class="stack">
        <JobProgress jobId={step.result.jobId} title={t(confirmKeys[op], { user, count: step.plan?.count ?? 0 })} describe={names} roomOf={(roomId) => roomId} />
        <div class="actions">
          <button type="button" class="button button-secondary" onClick={() => (setUser(""), action.reset())}>
            {t("crossAgain")}
          </button>
        </div>
      </div>
    );
  }
  const plan = action.shownPlan;
  return (
    <form
      class="stack"
      data-form="cross-room"
      onSubmit={action.submit(() => ({
        user: user.trim(),
        targets: toTargets(targets),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(op === "redact" ? { limitPerRoom: Number(limit) } : {}),
        ...(op === "ban" && addToBanList ? { addToBanList: true } : {}),
      }))}
    >
      <SelectField
        label={t("crossAction")}
        value={op}
        set={edited(setOp)}
        options={[
          ["ban", t("crossBan")],
          ["kick", t("crossKick")],
          ["unban", t("crossUnban")],
          ["redact", t("crossRedact")],
        ]}
      />
      <TextField label={t("crossUser")} value={user} set={edited(setUser)} placeholder="@someone:example.org" required />
      <TargetsPicker label={t("crossWhere")} value={targets} set={edited(setTargets)} />
      {op === "ban" ? <CheckField label={banListText("banListAlsoAdd")} checked={addToBanList} set={edited(setAddToBanList)} /> : null}
      {op === "unban" ? null : <TextField label={t("crossReason")} hint={t("optional")} value={reason} set={edited(setReason)} />}
      {op === "redact" ? <TextField label={t("crossLimit")} type="number" min={1} max={500} value={limit} set={edited(setLimit)} /> : null}
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="cross-room" danger title={t(confirmKeys[op], { user: plan.user, count: plan.count })}>
          <RoomList rooms={plan.rooms.map((r) => names(r.room))} />
          <Summary
            rows={[
              { id: "count", label: t("crossRooms"), value: plan.count },
              { id: "skipped", label: t("skipped"), value: plan.skipped.length, items: plan.skipped.map((s) => `${names(s.room)}: ${refusalText({ reason: s.skip ?? "", code: s.skipCode, params: s.skipParams })}`), tone: plan.skipped.length ? "warning" : undefined },
              plan.banList ? { id: "ban-list", label: banListText("banListsTab"), value: banListText("banListAddedTo", { room: names(plan.banList) }) } : null,
            ]}
          />
        </PreviewCard>
      ) : null}
      <PlanButtons step={step} danger apply={t("crossDo", { count: plan?.count ?? 0 })} disabled={plan ? plan.count === 0 : !user.trim()} onEdit={action.reset} />
    </form>
  );
}
