import { useEffect, useState } from "preact/hooks";
import type { CreateRoomInput, RoomCreationPlan } from "../../../shared/rooms.ts";
import type { Template } from "../../../shared/templates.ts";
import type { CreatedRoom } from "../../client/plans.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { CheckField, SelectField, splitIds, TextField } from "../../ui/fields.tsx";
import { newKey, useAction, useArrival, useLoad } from "../../ui/hooks.ts";
import { joinRuleName, levelName } from "../../ui/words.ts";
import { t } from "../../ui/messages.ts";
import { templateDescription, templateName } from "../../ui/template-words.ts";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { ResultCard } from "../../ui/result-card.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { Summary } from "../../ui/summary.tsx";
import { forgetRooms, roomLabel, useJoinedRooms } from "../../ui/joined-rooms.ts";
import { TestRoomCleanup } from "./test-room-cleanup.tsx";
import { saidText } from "../../ui/said-words.ts";

type Draft = { template: string; name: string; topic: string; alias: string; invitees: string; encrypted: boolean; parentSpace: string };

function toInput(d: Draft): CreateRoomInput {
  return {
    template: d.template,
    invitees: splitIds(d.invitees),
    encrypted: d.encrypted,
    ...(d.name.trim() ? { name: d.name.trim() } : {}),
    ...(d.topic.trim() ? { topic: d.topic.trim() } : {}),
    ...(d.alias.trim() ? { alias: d.alias.trim() } : {}),
    ...(d.parentSpace ? { parentSpace: d.parentSpace } : {}),
  };
}

/** After creation: where the room is, a way into it, and for a test room the way out again. */
function Created({ room, name, onOpenDetail, onAgain }: { room: CreatedRoom; name?: string | undefined; onOpenDetail(roomId: string): void; onAgain?: () => void }) {
  const arrival = useArrival<HTMLDivElement>();
  return (
    <div ref={arrival} tabIndex={-1} aria-label={t("created")} class="stack" data-created-room={room.roomId}>
      <ResultCard
        title={t("created")}
        items={[{ key: room.roomId, label: name ?? room.alias ?? room.roomId, state: "done", copy: room.alias ?? room.roomId, roomId: room.roomId }]}
        actions={
          <>
            <button type="button" class="button button-secondary" onClick={() => onOpenDetail(room.roomId)}>
              {t("viewDetail")}
            </button>
            {onAgain ? (
              <button type="button" class="button button-secondary" onClick={onAgain}>
                {t("createAnother")}
              </button>
            ) : null}
          </>
        }
      />
      {room.templateId === "test" ? <TestRoomCleanup room={room.roomId} onDeleted={() => {}} /> : null}
    </div>
  );
}

/** One click: a throw-away room (test template) with the moderator invited, to check the bot can create rooms. */
function TestRoomCard({ onOpenDetail }: { onOpenDetail(roomId: string): void }) {
  const { api, session } = useDashboard();
  const create = useAction("rooms.create");
  const { step } = create;
  const start = async () => {
    if (await create.apply({ template: "test", invitees: [session.userId], idempotencyKey: newKey() })) forgetRooms(api);
  };
  return (
    <section class="card stack" data-card="test-room">
      <div>
        <h3>{t("testRoomTitle")}</h3>
        <p class="muted">{t("testRoomHint")}</p>
      </div>
      <ProblemNote problem={step.problem} />
      {step.phase === "done" ? (
        <Created room={step.result} name={step.plan?.name} onOpenDetail={onOpenDetail} />
      ) : (
        <div class="actions">
          <button type="button" class="button button-secondary" data-action="create-test-room" disabled={step.phase === "applying"} onClick={start}>
            {step.phase === "applying" ? t("creating") : t("testRoomCreate")}
          </button>
        </div>
      )}
    </section>
  );
}

/** Create a room from a template: fill in what differs, preview exactly what will be created, then create it. */
export function CreateRoom({ onOpenDetail }: { onOpenDetail(roomId: string): void }) {
  const { api } = useDashboard();
  const templates = useLoad(() => api.request<Template[]>("GET", "api/templates"), [api]);
  const spaces = (useJoinedRooms().data ?? []).filter((r) => r.isSpace);
  const create = useAction("rooms.create", { idempotent: true });
  const [d, setDraft] = useState<Draft>({ template: "", name: "", topic: "", alias: "", invitees: "", encrypted: false, parentSpace: "" });
  const list = templates.data ?? [];
  const template = list.find((x) => x.id === d.template);
  const { step } = create;
  // Functional update: the default template arrives while the moderator may already be typing.
  const patch = create.edited((p: Partial<Draft>) => setDraft((prev) => ({ ...prev, ...p })));
  const pick = (id: string) => patch({ template: id, encrypted: list.find((x) => x.id === id)?.body.encrypted ?? false });
  useEffect(() => {
    const first = list.find((x) => x.id === "community") ?? list[0];
    // Read the latest draft, not this render's: a template chosen between the list's arrival and this
    // effect must not be replaced by the default.
    if (first) setDraft((prev) => (prev.template ? prev : { ...prev, template: first.id, encrypted: first.body.encrypted ?? false }));
  }, [list.length]);

  if (step.phase === "done") {
    return (
      <Created
        room={step.result}
        name={step.plan?.name}
        onOpenDetail={onOpenDetail}
        onAgain={() => {
          setDraft({ ...d, name: "", alias: "", topic: "", invitees: "" });
          create.reset();
        }}
      />
    );
  }
  const plan = step.phase === "preview" || step.phase === "applying" ? step.plan : undefined;
  return (
    <div class="stack" data-view="create-room">
      <TestRoomCard onOpenDetail={onOpenDetail} />
      <form
        class="stack"
        data-form="create-room"
        onSubmit={(e) => {
          e.preventDefault();
          if (!plan) void create.preview(toInput(d));
          else void create.apply().then((room) => room && forgetRooms(api));
        }}
      >
        <h3>{t("createTitle")}</h3>
        <ProblemNote problem={templates.problem} />
        <SelectField label={t("template")} hint={template ? templateDescription(template) : undefined} value={d.template} set={pick} options={list.map((x) => [x.id, templateName(x)])} />
        <TextField label={t("roomName")} value={d.name} set={(name) => patch({ name })} placeholder={template?.body.roomName} />
        <TextField label={t("roomTopic")} value={d.topic} set={(topic) => patch({ topic })} placeholder={template?.body.topic} />
        <TextField label={t("roomAlias")} hint={t("roomAliasHint")} value={d.alias} set={(alias) => patch({ alias })} placeholder={template?.body.aliasPattern} />
        <TextField label={t("roomInvitees")} hint={t("idsHint")} rows={2} value={d.invitees} set={(invitees) => patch({ invitees })} />
        {spaces.length ? (
          <SelectField label={t("roomSpace")} value={d.parentSpace} set={(parentSpace) => patch({ parentSpace })} options={[["", t("roomSpaceNone")], ...spaces.map((s): [string, string] => [s.roomId, roomLabel(s)])]} />
        ) : null}
        <CheckField label={t("roomEncrypted")} hint={t("roomEncryptedHint")} checked={d.encrypted} set={(encrypted) => patch({ encrypted })} />
        <ProblemNote problem={step.problem} />
        {plan ? <CreationPreview plan={plan} /> : null}
        <PlanButtons step={step} apply={step.phase === "applying" ? t("creating") : t("create")} disabled={!d.template} onEdit={create.reset} />
      </form>
    </div>
  );
}

function CreationPreview({ plan }: { plan: RoomCreationPlan }) {
  const levels = Object.entries(plan.powerLevels);
  return (
    <PreviewCard name="create-room">
      <Summary
        rows={[
          { id: "name", label: t("roomName"), value: plan.name },
          { id: "alias", label: t("roomAlias"), value: plan.alias ?? t("none") },
          { id: "join", label: t("joinRule"), value: joinRuleName(plan.joinRule) },
          { id: "encrypted", label: t("encryption"), value: plan.encrypted ? t("on") : t("off") },
          plan.isSpace && { id: "space", label: t("badgeSpace"), value: t("on") },
          plan.parentSpace ? { id: "parent", label: t("roomSpace"), value: plan.parentSpace } : null,
          { id: "version", label: t("roomVersion"), value: plan.roomVersion },
          { id: "invites", label: t("invites"), value: plan.invites.length, items: plan.invites },
          { id: "levels", label: t("plUsers"), value: levels.length, items: levels.map(([user, level]) => `${user}: ${levelName(level)}`) },
          {
            id: "power-cap",
            label: t("planPowerCap"),
            value: plan.powerCap.level === null ? t("planPowerCapNone") : t("planPowerCapValue", { level: plan.powerCap.level }),
            items: plan.powerCap.capped.map((c) => t("planPowerCapped", { user: c.userId, asked: c.asked, given: c.given })),
          },
        ]}
      />
      {plan.warnings.map((w) => (
        <Note key={w.text} tone="warning">
          {saidText(w)}
        </Note>
      ))}
    </PreviewCard>
  );
}
