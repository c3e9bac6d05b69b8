import { useEffect, useState } from "preact/hooks";
import type { BridgeNetwork, BridgeSummary } from "../../../shared/bridges.ts";
import type { Template } from "../../../shared/templates.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { CheckField, SelectField, TextField } from "../../ui/fields.tsx";
import { useAction, useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { ProblemNote } from "../../ui/note.tsx";
import { ResultCard } from "../../ui/result-card.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { Summary } from "../../ui/summary.tsx";
import { forgetRooms } from "../../ui/joined-rooms.ts";
import { GroupNameField, nameLength } from "./group-name-field.tsx";
import { t } from "./messages.ts";
import { templateDescription, templateName } from "../../ui/template-words.ts";
import { PlanSteps } from "./plan-steps.tsx";

/** A room from a template and its remote group in one step: preview both, then create. */
export function NewBridgedRoom({ bridges, onBack, onShowHealth }: { bridges: BridgeSummary[]; onBack(): void; onShowHealth(roomId: string): void }) {
  const { api } = useDashboard();
  const templates = useLoad(() => api.request<Template[]>("GET", "api/templates"), [api]);
  const create = useAction("bridges.create-room-with-group", { idempotent: true });
  const { step, edited } = create;
  const [template, setTemplate] = useState("");
  const [name, setName] = useState("");
  const [groupName, setGroupName] = useState("");
  const [relay, setRelay] = useState(false);
  const [network, setNetwork] = useState(bridges[0]!.network);
  const bridge = bridges.find((b) => b.network === network) ?? bridges[0]!;
  const list = templates.data ?? [];
  const chosen = list.find((x) => x.id === template);
  useEffect(() => {
    if (!template && list.length) setTemplate((list.find((x) => x.id === "community") ?? list[0]!).id);
  }, [list.length]);
  const roomName = name.trim() || chosen?.body.roomName || "";

  const head = (
    <div class="view-head">
      <button type="button" class="icon-button" onClick={onBack} aria-label={t("back")} title={t("back")}>
        <Icon name="back" size={22} />
      </button>
      <h2>{t("newRoomTitle")}</h2>
    </div>
  );
  if (step.phase === "done") {
    const room = step.result;
    return (
      <section class="stack" data-view="new-bridged-room" data-created-room={room.roomId}>
        {head}
        <ResultCard
          title={t("newRoomCreated")}
          items={[{ key: room.roomId, label: step.plan?.room.name ?? room.alias ?? room.roomId, state: "done", copy: room.alias ?? room.roomId, roomId: room.roomId }]}
          actions={
            <button type="button" class="button button-primary" onClick={() => onShowHealth(room.roomId)}>
              {t("showHealth")}
            </button>
          }
        />
      </section>
    );
  }
  const plan = step.phase === "preview" || step.phase === "applying" ? step.plan : undefined;
  return (
    <section class="stack" data-view="new-bridged-room">
      {head}
      <form
        class="stack"
        data-form="new-bridged-room"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!plan) {
            void create.preview({
              template,
              bridge: bridge.network,
              relay,
              invitees: [],
              ...(name.trim() ? { name: name.trim() } : {}),
              ...(groupName.trim() ? { groupName: groupName.trim() } : {}),
            });
          } else if (await create.apply()) forgetRooms(api);
        }}
      >
        <ProblemNote problem={templates.problem} />
        <SelectField label={t("template")} hint={chosen ? templateDescription(chosen) : undefined} value={template} set={edited(setTemplate)} options={list.map((x): [string, string] => [x.id, templateName(x)])} />
        <TextField label={t("roomName")} value={name} set={edited(setName)} placeholder={chosen?.body.roomName} />
        {bridges.length > 1 ? (
          <SelectField label={t("bridgeWith")} value={bridge.network} set={edited(setNetwork)} options={bridges.map((b): [BridgeNetwork, string] => [b.network, b.displayName])} />
        ) : null}
        <GroupNameField bridge={bridge} value={groupName} set={edited(setGroupName)} fallback={roomName} />
        <CheckField label={t("relayMode")} hint={t("relayHint", { network: bridge.displayName })} checked={relay} set={edited(setRelay)} />
        <ProblemNote problem={step.problem} />
        {plan ? (
          <PlanSteps name="new-bridged-room" plan={plan}>
            <Summary
              rows={[
                { id: "name", label: t("roomName"), value: plan.room.name },
                { id: "alias", label: t("roomAlias"), value: plan.room.alias ?? t("none") },
                { id: "encrypted", label: t("encryption"), value: plan.room.encrypted ? t("on") : t("off") },
                { id: "group", label: t("groupName"), value: plan.group.groupName },
              ]}
            />
          </PlanSteps>
        ) : null}
        <PlanButtons step={step} apply={step.phase === "applying" ? t("applying") : t("newRoomCreate")} disabled={!template || nameLength(groupName || roomName) > bridge.groupNameLimit} onEdit={create.reset} />
      </form>
    </section>
  );
}
