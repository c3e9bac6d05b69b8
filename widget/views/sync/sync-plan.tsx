import { useEffect, useRef, useState } from "preact/hooks";
import type { SyncApplyResult, SyncChange, SyncChangeKind, SyncPlan } from "../../../shared/sync.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { asProblem, type Problem } from "../../client/problem.ts";
import { CheckField } from "../../ui/fields.tsx";
import { newKey } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { t, type MessageKey } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { useCapped } from "../../ui/capped.ts";
import { ShowAll } from "../../ui/show-all.tsx";
import { useRoomNames } from "../../ui/joined-rooms.ts";

const KINDS: Array<[SyncChangeKind, MessageKey]> = [
  ["create-account", "kindCreateAccount"],
  ["set-display-name", "kindSetDisplayName"],
  ["invite", "kindInvite"],
  ["welcome", "kindWelcome"],
  ["kick", "kindKick"],
  ["set-power-level", "kindSetPowerLevel"],
  ["deactivate-account", "kindDeactivateAccount"],
  ["write-back", "kindWriteBack"],
];

type Phase = { step: "idle" | "planning" } | { step: "plan"; plan: SyncPlan } | { step: "applying"; plan: SyncPlan } | { step: "job"; result: SyncApplyResult };

/** One change in words: who, and where or what. */
function describe(c: SyncChange, room: (id: string) => string): string {
  switch (c.kind) {
    case "set-display-name":
      return `${c.userId}: ${c.from ?? "—"} → ${c.to}`;
    case "invite":
    case "welcome":
    case "kick":
      return `${c.userId} · ${room(c.roomId)}`;
    case "set-power-level":
      return `${c.userId} · ${room(c.roomId)}: ${c.from} → ${c.to}`;
    default:
      return c.userId;
  }
}

function KindGroup(props: { kind: SyncChangeKind; label: string; changes: SyncChange[]; chosen: Set<string>; set(ids: string[], on: boolean): void; room(id: string): string }) {
  const { changes, chosen } = props;
  const picked = changes.filter((c) => chosen.has(c.id)).length;
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => void (box.current && (box.current.indeterminate = picked > 0 && picked < changes.length)), [picked, changes.length]);
  const list = useCapped(changes);
  return (
    <fieldset class="picker" data-kind={props.kind}>
      <legend class="field-label">
        <label>
          <input ref={box} type="checkbox" checked={picked === changes.length} data-kind-check onChange={(e) => props.set(changes.map((c) => c.id), e.currentTarget.checked)} /> {props.label}{" "}
          <span class="badge tone-neutral" data-count>
            {changes.length}
          </span>
        </label>
      </legend>
      <details>
        <summary class="muted">{t("syncShowItems")}</summary>
        <ul class="picker-list">
          {list.shown.map((c) => (
            <li key={c.id}>
              <label title={c.why}>
                <input type="checkbox" checked={chosen.has(c.id)} data-change-id={c.id} onChange={(e) => props.set([c.id], e.currentTarget.checked)} />
                <span class="picker-name">{describe(c, props.room)}</span>
                <span class="muted picker-alias">{c.why}</span>
              </label>
            </li>
          ))}
        </ul>
        <ShowAll list={list} />
      </details>
    </fieldset>
  );
}

/** Plan, look at the diff by kind, apply all of it or the checked part, and follow the job. */
export function SyncPlanner({ onApplied }: { onApplied(): void }) {
  const { api } = useDashboard();
  const room = useRoomNames();
  const [phase, setPhase] = useState<Phase>({ step: "idle" });
  const [changedOnly, setChangedOnly] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<Problem>();

  const plan = async () => {
    setPhase({ step: "planning" });
    setProblem(undefined);
    try {
      const res = await api.action<SyncPlan>("sync.accounts", "plan", { scope: changedOnly ? "changed" : "full" });
      setChosen(new Set());
      setPhase({ step: "plan", plan: res.plan });
    } catch (err) {
      setProblem(asProblem(err));
      setPhase({ step: "idle" });
    }
  };
  const apply = async (current: SyncPlan, selected: boolean) => {
    setPhase({ step: "applying", plan: current });
    try {
      const input = { scope: current.scope === "changed" ? "changed" : "full", idempotencyKey: newKey(), ...(selected ? { select: { ids: [...chosen] } } : {}) };
      const res = await api.action<SyncPlan, SyncApplyResult>("sync.accounts", "apply", input);
      setPhase({ step: "job", result: res.result! });
      onApplied();
    } catch (err) {
      setProblem(asProblem(err));
      setPhase({ step: "plan", plan: current });
    }
  };
  const set = (ids: string[], on: boolean) => {
    const next = new Set(chosen);
    for (const id of ids) on ? next.add(id) : next.delete(id);
    setChosen(next);
  };

  if (phase.step === "job") {
    const { result } = phase;
    return (
      <div class="stack" data-sync-applied>
        {result.addedPrerequisites ? <Note tone="info">{t("syncPrerequisites", { count: result.addedPrerequisites })}</Note> : null}
        {result.jobId ? (
          <JobProgress jobId={result.jobId} title={t("syncProgress")} describe={(key) => (key.startsWith("power ") ? room(key.slice(6)) : key.replace(/^user /, ""))} showAll>
            <p class="muted">{t("syncTotal", { count: result.changes })}</p>
          </JobProgress>
        ) : (
          <Note tone="success">{t("syncNothing")}</Note>
        )}
        <div class="actions">
          <button type="button" class="button button-secondary" onClick={() => void plan()}>
            {t("syncNewPlan")}
          </button>
        </div>
      </div>
    );
  }
  const current = phase.step === "plan" || phase.step === "applying" ? phase.plan : undefined;
  return (
    <div class="stack" data-sync-plan>
      <CheckField label={t("syncChangedOnly")} checked={changedOnly} set={setChangedOnly} />
      <div class="actions">
        <button type="button" class="button button-primary" data-action="plan" disabled={phase.step === "planning"} onClick={() => void plan()}>
          {phase.step === "planning" ? t("syncPlanning") : t("syncPlan")}
        </button>
      </div>
      <ProblemNote problem={problem} />
      {current ? (
        <section class="card stack" data-preview="sync">
          <h3>
            {t("syncTotal", { count: current.changes.length })} <span class="muted">· {t("syncRead", { users: current.read.users, pages: current.read.pages, count: current.read.pages })}</span>
          </h3>
          {current.warnings.map((w) => (
            <Note key={w} tone="warning">
              {w}
            </Note>
          ))}
          {current.changes.length === 0 ? <Note tone="success">{t("syncNothing")}</Note> : null}
          {KINDS.map(([kind, label]) => {
            const changes = current.changes.filter((c) => c.kind === kind);
            return changes.length ? <KindGroup key={kind} kind={kind} label={t(label)} changes={changes} chosen={chosen} set={set} room={room} /> : null;
          })}
          {current.changes.length ? (
            <div class="actions">
              <button type="button" class="button button-primary" data-action="apply-all" disabled={phase.step === "applying"} onClick={() => void apply(current, false)}>
                {t("syncApplyAll", { count: current.changes.length })}
              </button>
              <button type="button" class="button button-secondary" data-action="apply-selected" disabled={phase.step === "applying" || chosen.size === 0} onClick={() => void apply(current, true)}>
                {t("syncApplySelected", { count: chosen.size })}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
