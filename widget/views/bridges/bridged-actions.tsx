import { useEffect, useState } from "preact/hooks";
import type { BridgeNetwork } from "../../../shared/bridges.ts";
import type { BridgeHealth } from "../../../shared/rooms.ts";
import { useAction } from "../../ui/hooks.ts";
import type { ActionInput } from "../../../shared/action-map.ts";
import { Icon, type IconName } from "../../ui/icons.tsx";
import { ProblemNote } from "../../ui/note.tsx";
import { t } from "./messages.ts";
import { PlanSteps } from "./plan-steps.tsx";

type Kind = "relay" | "resync" | "unlink";

/** One action on a bridged room: previewed as soon as it is chosen, applied on confirmation. */
function ActionPreview<N extends "bridges.set-relay" | "bridges.resync" | "bridges.unlink">(props: { name: N; input: ActionInput<N>; apply: string; danger?: boolean; onCancel(): void; onDone(): void }) {
  const action = useAction(props.name);
  const { step } = action;
  useEffect(() => void action.preview(props.input), []);
  const confirm = async () => {
    if ((await action.apply()) !== undefined) props.onDone();
  };
  return (
    <div class="stack" data-bridge-action={props.name}>
      <ProblemNote problem={step.problem} />
      {step.phase === "planning" ? <p class="muted">{t("previewing")}</p> : null}
      {step.phase === "preview" || step.phase === "applying" ? <PlanSteps name={props.name} plan={step.plan} danger={props.danger} /> : null}
      <div class="actions">
        {step.phase === "preview" || step.phase === "applying" ? (
          <button type="button" class={`button ${props.danger ? "button-danger" : "button-primary"} button-small`} data-action="apply" disabled={step.phase === "applying"} onClick={confirm}>
            {step.phase === "applying" ? t("applying") : props.apply}
          </button>
        ) : null}
        <button type="button" class="button button-secondary button-small" onClick={props.onCancel}>
          {t("cancel")}
        </button>
      </div>
    </div>
  );
}

/** What can be done with a bridged room: relay on or off, resync from the remote group, unlink. */
export function BridgedActions({ room, health, onDone }: { room: string; health: BridgeHealth; onDone(): void }) {
  const [open, setOpen] = useState<Kind>();
  // Health reports only configured bridges, whose network is one the actions accept.
  const bridge = health.network as BridgeNetwork;
  const relayOn = health.relay !== true;
  const buttons: Array<{ kind: Kind; label: string; icon: IconName }> = [
    { kind: "relay", label: relayOn ? t("relayOn") : t("relayOff"), icon: "people" },
    { kind: "resync", label: t("resync"), icon: "refresh" },
    { kind: "unlink", label: t("unlink"), icon: "trash" },
  ];
  const done = () => {
    setOpen(undefined);
    onDone();
  };
  return (
    <section class="stack" data-bridged-actions>
      <div class="actions">
        {buttons.map((b) => (
          <button key={b.kind} type="button" class="button button-secondary button-small" data-action={b.kind} aria-pressed={open === b.kind} disabled={open !== undefined && open !== b.kind} onClick={() => setOpen(open === b.kind ? undefined : b.kind)}>
            <Icon name={b.icon} size={16} />
            {b.label}
          </button>
        ))}
      </div>
      {open === "relay" ? (
        <ActionPreview name="bridges.set-relay" input={{ room, bridge, enabled: relayOn }} apply={relayOn ? t("applyRelayOn") : t("applyRelayOff")} onCancel={() => setOpen(undefined)} onDone={done} />
      ) : open === "resync" ? (
        <ActionPreview name="bridges.resync" input={{ room, bridge }} apply={t("applyResync")} onCancel={() => setOpen(undefined)} onDone={done} />
      ) : open === "unlink" ? (
        <ActionPreview name="bridges.unlink" input={{ room, bridge }} apply={t("applyUnlink")} danger onCancel={() => setOpen(undefined)} onDone={done} />
      ) : null}
    </section>
  );
}
