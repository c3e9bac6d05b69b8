import { useEffect, useRef, useState } from "preact/hooks";
import type { SyncApplyResult, SyncChange, SyncChangeKind, SyncChangePage, SyncPlan, SyncStatus } from "../../../shared/sync.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { asProblem, type Problem } from "../../client/problem.ts";
import { CheckField } from "../../ui/fields.tsx";
import { newKey } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { t, type MessageKey } from "../../ui/messages.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { useRoomNames } from "../../ui/joined-rooms.ts";
import { saidText } from "../../ui/said-words.ts";

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
/** Changes fetched per "show more": a 50,000-person plan is read a page at a time, never whole. */
const PAGE = 100;
/** Planning reads every Authentik page: for a large community behind a slow Authentik that takes minutes, not seconds. */
const PLAN_TIMEOUT_MS = 10 * 60_000;

type Phase = { step: "idle" | "planning" } | { step: "plan"; plan: SyncPlan } | { step: "applying"; plan: SyncPlan } | { step: "job"; result: SyncApplyResult };
/** What a moderator picked: whole kinds (however many changes), and single changes of other kinds. */
type Choice = { kinds: Set<SyncChangeKind>; ids: Map<string, SyncChangeKind> };

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

function KindGroup(props: { plan: SyncPlan; kind: SyncChangeKind; label: string; choice: Choice; setKind(on: boolean): void; setId(id: string, on: boolean): void; room(id: string): string }) {
  const { api } = useDashboard();
  const { plan, kind, choice } = props;
  const count = plan.counts[kind] ?? 0;
  const [loaded, setLoaded] = useState<SyncChange[]>(plan.first[kind] ?? []);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const whole = choice.kinds.has(kind);
  const picked = whole ? count : [...choice.ids.values()].filter((k) => k === kind).length;
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => void (box.current && (box.current.indeterminate = picked > 0 && picked < count)), [picked, count]);
  const more = async () => {
    setLoading(true);
    setProblem(undefined);
    try {
      const page = await api.request<SyncChangePage>("GET", `api/sync/plans/${encodeURIComponent(plan.planId)}/changes?kind=${kind}&offset=${loaded.length}&limit=${PAGE}`);
      setLoaded([...loaded, ...page.changes]);
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setLoading(false);
    }
  };
  return (
    <fieldset class="picker" data-kind={kind}>
      <legend class="field-label">
        <label>
          <input ref={box} type="checkbox" checked={whole} data-kind-check onChange={(e) => props.setKind(e.currentTarget.checked)} /> {props.label}{" "}
          <span class="badge tone-neutral" data-count>
            {count}
          </span>
        </label>
      </legend>
      <details>
        <summary class="muted">{t("syncShowItems")}</summary>
        <ul class="picker-list">
          {loaded.map((c) => (
            <li key={c.id}>
              <label title={c.said ? saidText(c.said) : c.why}>
                <input type="checkbox" checked={whole || choice.ids.has(c.id)} disabled={whole} data-change-id={c.id} onChange={(e) => props.setId(c.id, e.currentTarget.checked)} />
                <span class="picker-name">{describe(c, props.room)}</span>
                <span class="muted picker-alias">{c.said ? saidText(c.said) : c.why}</span>
              </label>
            </li>
          ))}
        </ul>
        <ProblemNote problem={problem} />
        {loaded.length < count ? (
          <button type="button" class="link-button" data-load-more disabled={loading} onClick={() => void more()}>
            {t("showMore", { count: Math.min(PAGE, count - loaded.length) })}
          </button>
        ) : null}
      </details>
    </fieldset>
  );
}

const noChoice = (): Choice => ({ kinds: new Set(), ids: new Map() });

/**
 * Plan, look at the stored plan's summary by kind (pages of changes on demand), apply all of it or
 * the checked part by the plan's id, and follow the job. A plan an automatic sync held is offered too.
 */
export function SyncPlanner({ status, onApplied }: { status: SyncStatus; onApplied(): void }) {
  const { api } = useDashboard();
  const room = useRoomNames();
  const [phase, setPhase] = useState<Phase>({ step: "idle" });
  const [changedOnly, setChangedOnly] = useState(false);
  const [choice, setChoice] = useState<Choice>(noChoice);
  const [problem, setProblem] = useState<Problem>();

  const show = async (load: () => Promise<SyncPlan>) => {
    setPhase({ step: "planning" });
    setProblem(undefined);
    try {
      const plan = await load();
      setChoice(noChoice());
      setPhase({ step: "plan", plan });
    } catch (err) {
      setProblem(asProblem(err));
      setPhase({ step: "idle" });
    }
  };
  const plan = () => show(async () => (await api.action("sync.accounts", "plan", { scope: changedOnly ? "changed" : "full" }, { timeoutMs: PLAN_TIMEOUT_MS })).plan);
  const review = (planId: string) => show(() => api.request<SyncPlan>("GET", `api/sync/plans/${encodeURIComponent(planId)}`));
  const chosenCount = (current: SyncPlan) => [...choice.kinds].reduce((n, k) => n + (current.counts[k] ?? 0), 0) + choice.ids.size;
  const apply = async (current: SyncPlan, selected: boolean) => {
    setPhase({ step: "applying", plan: current });
    try {
      const select = { ...(choice.kinds.size ? { kinds: [...choice.kinds] } : {}), ...(choice.ids.size ? { ids: [...choice.ids.keys()] } : {}) };
      const input = { planId: current.planId, idempotencyKey: newKey(), ...(selected ? { select } : {}) };
      const res = await api.action("sync.accounts", "apply", input, { timeoutMs: PLAN_TIMEOUT_MS });
      setPhase({ step: "job", result: res.result! });
      onApplied();
    } catch (err) {
      setProblem(asProblem(err));
      setPhase({ step: "plan", plan: current });
    }
  };
  const setKind = (kind: SyncChangeKind, on: boolean) => {
    const kinds = new Set(choice.kinds);
    const ids = new Map([...choice.ids].filter(([, k]) => k !== kind));
    on ? kinds.add(kind) : kinds.delete(kind);
    setChoice({ kinds, ids });
  };
  const setId = (kind: SyncChangeKind, id: string, on: boolean) => {
    const ids = new Map(choice.ids);
    on ? ids.set(id, kind) : ids.delete(id);
    setChoice({ kinds: choice.kinds, ids });
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
  const held = status.heldPlan;
  return (
    <div class="stack" data-sync-plan>
      {!status.firstApplyDone ? <Note tone="info">{t("syncFirstWaits")}</Note> : null}
      {held && held.planId !== current?.planId ? (
        <Note tone="warning">
          <p data-held-plan={held.planId}>{t("syncHeld", { count: held.total, because: held.heldSaid ? saidText(held.heldSaid) : held.heldBecause })}</p>
          <button type="button" class="button button-secondary" data-action="review-held" onClick={() => void review(held.planId)}>
            {t("syncReviewHeld")}
          </button>
        </Note>
      ) : null}
      <CheckField label={t("syncChangedOnly")} checked={changedOnly} set={setChangedOnly} />
      <div class="actions">
        <button type="button" class="button button-primary" data-action="plan" disabled={phase.step === "planning"} onClick={() => void plan()}>
          {phase.step === "planning" ? t("syncPlanning") : t("syncPlan")}
        </button>
      </div>
      <ProblemNote problem={problem} />
      {current ? (
        <section class="card stack" data-preview="sync" data-plan-id={current.planId}>
          <h3>
            {t("syncTotal", { count: current.total })} <span class="muted">· {t("syncRead", { users: current.read.users, pages: current.read.pages, count: current.read.pages })}</span>
          </h3>
          {current.attention.length ? (
            <Note tone="warning">
              <strong>{t("syncAttention")}</strong>
              <ul data-attention>
                {current.attention.map((a) => (
                  <li key={a.code}>{saidText(a)}</li>
                ))}
              </ul>
            </Note>
          ) : null}
          {current.warnings.map((w) => (
            <Note key={w.text} tone="warning">
              {saidText(w)}
            </Note>
          ))}
          {current.moreWarnings ? <p class="muted">{t("syncMoreWarnings", { count: current.moreWarnings })}</p> : null}
          {current.total === 0 ? <Note tone="success">{t("syncNothing")}</Note> : null}
          {KINDS.map(([kind, label]) =>
            current.counts[kind] ? (
              <KindGroup
                key={`${current.planId} ${kind}`}
                plan={current}
                kind={kind}
                label={t(label)}
                choice={choice}
                setKind={(on) => setKind(kind, on)}
                setId={(id, on) => setId(kind, id, on)}
                room={room}
              />
            ) : null,
          )}
          {current.total ? (
            <div class="actions">
              <button type="button" class="button button-primary" data-action="apply-all" disabled={phase.step === "applying"} onClick={() => void apply(current, false)}>
                {t("syncApplyAll", { count: current.total })}
              </button>
              <button type="button" class="button button-secondary" data-action="apply-selected" disabled={phase.step === "applying" || chosenCount(current) === 0} onClick={() => void apply(current, true)}>
                {t("syncApplySelected", { count: chosenCount(current) })}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
