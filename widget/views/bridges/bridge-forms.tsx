import { useState } from "preact/hooks";
import type { BridgeNetwork, BridgeSummary } from "../../../shared/bridges.ts";
import { CheckField, SelectField, TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { ProblemNote } from "../../ui/note.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { TabPanel, Tabs } from "../../ui/tabs.tsx";
import { GroupNameField, nameLength } from "./group-name-field.tsx";
import { t } from "./messages.ts";
import { PlanSteps } from "./plan-steps.tsx";

type FormProps = { room: string; roomName: string; bridge: BridgeSummary; onDone(): void };

/** A new remote group for the room, named within the network's limit, optionally with relay mode. */
function CreateGroupForm({ room, roomName, bridge, onDone }: FormProps) {
  const [groupName, setGroupName] = useState("");
  const [relay, setRelay] = useState(false);
  const create = useAction("bridges.create-group");
  const { step, edited } = create;
  const plan = step.phase === "preview" || step.phase === "applying" ? step.plan : undefined;
  const tooLong = nameLength(groupName || roomName) > bridge.groupNameLimit;
  return (
    <form
      class="stack"
      data-form="create-group"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!plan) void create.preview({ room, bridge: bridge.network, relay, ...(groupName.trim() ? { groupName: groupName.trim() } : {}) });
        else if ((await create.apply()) !== undefined) onDone();
      }}
    >
      <GroupNameField bridge={bridge} value={groupName} set={edited(setGroupName)} fallback={roomName} />
      <CheckField label={t("relayMode")} hint={t("relayHint", { network: bridge.displayName })} checked={relay} set={edited(setRelay)} />
      <ProblemNote problem={step.problem} />
      {plan ? <PlanSteps name="create-group" plan={plan} /> : null}
      <PlanButtons step={step} apply={step.phase === "applying" ? t("applying") : t("applyCreate")} disabled={tooLong} onEdit={create.reset} />
    </form>
  );
}

/** An existing remote group, by the chat ID the bridge knows it by. */
function LinkGroupForm({ room, bridge, onDone }: FormProps) {
  const [chatId, setChatId] = useState("");
  const link = useAction("bridges.link-group");
  const { step, edited } = link;
  const plan = step.phase === "preview" || step.phase === "applying" ? step.plan : undefined;
  return (
    <form
      class="stack"
      data-form="link-group"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!plan) void link.preview({ room, bridge: bridge.network, chatId: chatId.trim() });
        else if ((await link.apply()) !== undefined) onDone();
      }}
    >
      <TextField label={t("chatId")} hint={t("chatIdHint")} value={chatId} set={edited(setChatId)} class="input mono" required />
      <ProblemNote problem={step.problem} />
      {plan ? <PlanSteps name="link-group" plan={plan} /> : null}
      <PlanButtons step={step} apply={step.phase === "applying" ? t("applying") : t("applyLink")} disabled={!chatId.trim()} onEdit={link.reset} />
    </form>
  );
}

/** Bridging a room that is not bridged: a new group or an existing one, with the bridge to use when there are several. */
export function BridgeForms(props: { room: string; roomName: string; bridges: BridgeSummary[]; preferred: string | undefined; onDone(): void }) {
  const [mode, setMode] = useState<"create" | "link">("create");
  const [network, setNetwork] = useState(props.preferred ?? props.bridges[0]!.network);
  const bridge = props.bridges.find((b) => b.network === network) ?? props.bridges[0]!;
  const form = { room: props.room, roomName: props.roomName, bridge, onDone: props.onDone };
  return (
    <section class="card stack" data-bridge-forms>
      {props.bridges.length > 1 ? (
        <SelectField label={t("bridgeWith")} value={bridge.network} set={setNetwork} options={props.bridges.map((b): [BridgeNetwork, string] => [b.network, b.displayName])} />
      ) : null}
      <Tabs
        label={t("bridgeWith")}
        idPrefix="bridge-form"
        look="chips"
        current={mode}
        onSelect={setMode}
        items={[
          { id: "create", label: t("createGroup") },
          { id: "link", label: t("linkGroup") },
        ]}
      />
      <TabPanel idPrefix="bridge-form" id={mode}>
        {mode === "create" ? <CreateGroupForm key={network} {...form} /> : <LinkGroupForm key={network} {...form} />}
      </TabPanel>
    </section>
  );
}
