import { useEffect, useState } from "preact/hooks";
import type { EnforcementPlan, PolicyListsOverview, PolicyRule } from "../../../shared/policy-lists.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { CheckField, SelectField, TextField } from "../../ui/fields.tsx";
import { useAction, useLoad } from "../../ui/hooks.ts";
import { JobProgress } from "../../ui/job-progress.tsx";
import { Badge, Note, ProblemNote } from "../../ui/note.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { Summary } from "../../ui/summary.tsx";
import { useRoomNames } from "../../ui/joined-rooms.ts";
import { saidText } from "../../ui/said-words.ts";
import { t } from "./messages.ts";

/** The padding the directory's row buttons have, for rows that are not buttons. */
const ROW = { padding: "8px 12px" };


/** A plan's bans, unbans, ACL changes and what was left alone, as the preview shows them. */
function EnforcementSummary({ plan, names }: { plan: EnforcementPlan; names: (room: string) => string }) {
  return (
    <Summary
      rows={[
        { id: "bans", label: t("banListBans"), value: plan.bans.length, items: plan.bans.map((b) => `${b.user} · ${names(b.room)} · ${b.rule.entity} (${t("banListRuleSource", { source: names(b.rule.source) })})${b.rule.reason ? ` · ${b.rule.reason}` : ""}`) },
        { id: "acls", label: t("banListAcls"), value: plan.acls.length, items: plan.acls.map((a) => `${names(a.room)}: ${[...a.add.map((s) => `+ ${s}`), ...a.remove.map((s) => `− ${s}`)].join(", ")}`) },
        plan.unbans.length > 0 && { id: "unbans", label: t("banListUnbans"), value: plan.unbans.length, items: plan.unbans.map((u) => `${u.user} · ${names(u.room)}`) },
        plan.protected.length > 0 && { id: "protected", label: t("banListProtected"), value: plan.protected.length, items: plan.protected.map((p) => `${p.entity}: ${saidText(p.reason)}`) },
        plan.skipped.length > 0 && { id: "skipped", label: t("banListSkipped"), value: plan.skipped.length, items: plan.skipped.map((s) => `${names(s.room)}: ${saidText(s.reason)}`), tone: "warning" },
      ]}
    />
  );
}

function Enforce({ names, onDone }: { names: (room: string) => string; onDone(): void }) {
  const enforce = useAction("policy-lists.enforce", { idempotent: true });
  const { step } = enforce;
  if (step.phase === "done" && step.result.jobId) {
    return <JobProgress jobId={step.result.jobId} title={t("banListEnforceJob")} describe={(key) => key.split(":").slice(1).map(names).join(" · ")} onFinished={onDone} />;
  }
  const plan = enforce.shownPlan;
  const empty = plan && plan.bans.length + plan.acls.length + plan.unbans.length === 0;
  return (
    <form class="stack" data-form="enforce" onSubmit={enforce.submit(() => ({}))}>
      <h3>{t("banListEnforceTitle")}</h3>
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="enforce" danger={!empty}>
          {empty ? <Note tone="success">{t("banListNothing")}</Note> : null}
          <EnforcementSummary plan={plan} names={names} />
        </PreviewCard>
      ) : null}
      <PlanButtons step={step} apply={t("banListEnforceDo")} danger disabled={empty} onEdit={enforce.reset} />
    </form>
  );
}

function Follow({ onDone }: { onDone(): void }) {
  const [room, setRoom] = useState("");
  const follow = useAction("policy-lists.subscribe");
  const { step } = follow;
  useEffect(() => void (step.phase === "done" && onDone()), [step.phase]);
  return (
    <form class="stack" data-form="follow" onSubmit={follow.submit(() => ({ room: room.trim() }))}>
      <h3>{t("banListFollowTitle")}</h3>
      <TextField label={t("banListFollowRoom")} hint={t("banListFollowHint")} value={room} set={follow.edited(setRoom)} placeholder="#ban-list:example.org" required />
      <ProblemNote problem={step.problem} />
      {step.phase === "done" ? <Note tone="success">{t("banListFollowed2", { room, count: step.result.rules })}</Note> : null}
      {follow.shownPlan ? <PreviewCard name="follow">{follow.shownPlan.roomId}</PreviewCard> : null}
      <PlanButtons step={step} apply={t("banListFollowDo")} onEdit={follow.reset} />
    </form>
  );
}

function AddRule({ onDone }: { onDone(): void }) {
  const [kind, setKind] = useState<"user" | "server">("user");
  const [entity, setEntity] = useState("");
  const [reason, setReason] = useState("");
  const add = useAction("policy-lists.add-rule");
  const { step } = add;
  useEffect(() => void (step.phase === "done" && onDone()), [step.phase]);
  return (
    <form class="stack" data-form="add-rule" onSubmit={add.submit(() => ({ kind, entity: entity.trim(), reason: reason.trim() }))}>
      <h3>{t("banListAddTitle")}</h3>
      <SelectField label={t("banListKind")} value={kind} set={add.edited(setKind)} options={[["user", t("banListKindUser")], ["server", t("banListKindServer")]]} />
      <TextField label={t("banListEntity")} hint={t("banListEntityHint")} value={entity} set={add.edited(setEntity)} required />
      <TextField label={t("banListReason")} value={reason} set={add.edited(setReason)} />
      <ProblemNote problem={step.problem} />
      {add.shownPlan ? <PreviewCard name="add-rule">{`${add.shownPlan.type} · ${add.shownPlan.stateKey}`}</PreviewCard> : null}
      {step.phase === "done" ? <Note tone="success">{t("banListAdded")}</Note> : null}
      <PlanButtons step={step} apply={t("banListAddDo")} onEdit={add.reset} />
    </form>
  );
}

function RemoveRule({ rule, names, onDone }: { rule: PolicyRule; names: (room: string) => string; onDone(): void }) {
  const remove = useAction("policy-lists.remove-rule", { idempotent: true });
  const { step } = remove;
  const job = step.phase === "done" ? step.result.jobId : undefined;
  useEffect(() => void (step.phase === "done" && !job && onDone()), [step.phase]);
  if (step.phase === "done") return job ? <JobProgress jobId={job} title={t("banListRemoveTitle", { entity: rule.entity })} onFinished={onDone} /> : null;
  const plan = remove.shownPlan;
  return (
    <form class="stack" data-form="remove-rule" onSubmit={remove.submit(() => ({ kind: rule.kind, entity: rule.entity, undo: true }))}>
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="remove-rule" danger title={t("banListRemoveTitle", { entity: rule.entity })}>
          {plan.undo ? <EnforcementSummary plan={plan.undo} names={names} /> : null}
        </PreviewCard>
      ) : null}
      {plan || step.phase === "planning" ? (
        <PlanButtons step={step} apply={t("banListRemoveDo")} danger onEdit={remove.reset} />
      ) : (
        <div class="actions">
          <button type="submit" class="button button-secondary" data-action="remove-rule">
            {t("banListRemove")}
          </button>
        </div>
      )}
    </form>
  );
}

/** Ban lists: ours and the ones we follow, their rules with where each came from, and enforcement with a preview. */
export function BanLists() {
  const { api, session } = useDashboard();
  const names = useRoomNames();
  const lists = useLoad(() => api.request<PolicyListsOverview>("GET", "api/policy-lists"), [api]);
  const create = useAction("policy-lists.create-list", { idempotent: true });
  const auto = useAction("policy-lists.auto-enforce");
  const isAdmin = session.powerLevel >= session.adminPowerLevel;
  const data = lists.data;
  const title = (room: string) => data?.lists.find((l) => l.roomId === room)?.alias ?? data?.lists.find((l) => l.roomId === room)?.name ?? names(room);

  return (
    <div class="stack" data-screen="ban-lists">
      <p class="muted">{t("banListsIntro")}</p>
      <ProblemNote problem={lists.problem ?? create.step.problem ?? auto.step.problem} />
      {!data ? <p class="muted">{t("banListsLoading")}</p> : null}
      {data && !data.lists.length ? <p>{t("banListsNone")}</p> : null}
      {data?.lists.length ? (
        <ul class="rows" data-lists>
          {data.lists.map((l) => (
            <li key={l.roomId} class="row" style={ROW} data-list={l.roomId}>
              <strong>{l.alias ?? l.name ?? l.roomId}</strong> <Badge tone={l.own ? "success" : "neutral"}>{l.own ? t("banListOwn") : t("banListFollowed")}</Badge> {t("banListRules", { count: l.ruleCount })}
              {l.problem ? <Note tone="warning">{l.problem}</Note> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {data && !data.own && isAdmin ? (
        <div class="actions">
          <button type="button" class="button button-secondary" data-action="create-list" disabled={create.step.phase === "applying"} onClick={() => void create.apply({}).then(lists.reload)}>
            {create.step.phase === "applying" ? t("banListCreating") : t("banListCreate")}
          </button>
        </div>
      ) : null}
      {data && isAdmin ? (
        <CheckField label={t("banListAuto")} checked={data.autoEnforce} set={(on) => void auto.apply({ on }).then(lists.reload)} />
      ) : data ? (
        <p class="muted">{data.autoEnforce ? t("banListAutoOn") : t("banListAutoOff")}</p>
      ) : null}
      {data?.rules.length ? (
        <section class="stack" data-rules>
          <h3>{t("banListRulesTitle")}</h3>
          <ul class="rows">
            {data.rules.map((r) => (
              <li key={`${r.source}|${r.type}|${r.stateKey}`} class="row" style={ROW} data-rule={r.entity}>
                <code>{r.entity}</code> <Badge>{r.kind}</Badge> {r.reason} <span class="muted">{t("banListRuleSource", { source: title(r.source) })}</span>
                {r.source === data.own ? <RemoveRule rule={r} names={title} onDone={lists.reload} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Enforce names={title} onDone={lists.reload} />
      <Follow onDone={lists.reload} />
      {data?.own ? <AddRule onDone={lists.reload} /> : null}
    </div>
  );
}
