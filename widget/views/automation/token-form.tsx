import { useRef, useState } from "preact/hooks";
import { formatDate } from "../../ui/format.ts";
import type { ActionFamily } from "../../../shared/actions.ts";
import type { CreatedToken } from "../../client/plans.ts";
import { SelectField, TextField } from "../../ui/fields.tsx";
import { useAction, useArrival } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { Note, ProblemNote } from "../../ui/note.tsx";
import { PlanButtons } from "../../ui/plan-buttons.tsx";
import { PreviewCard } from "../../ui/preview-card.tsx";
import { Summary } from "../../ui/summary.tsx";
import { t } from "./messages.ts";

export const scopeLabels: Record<ActionFamily, Parameters<typeof t>[0]> = {
  read: "scopeRead",
  rooms: "scopeRooms",
  moderation: "scopeModeration",
  announcements: "scopeAnnouncements",
  sync: "scopeSync",
  bridges: "scopeBridges",
  reports: "scopeReports",
  "policy-lists": "scopePolicyLists",
  admin: "scopeAdmin",
};
const SCOPES = Object.keys(scopeLabels) as ActionFamily[];
const EXPIRY_DAYS = ["7", "30", "90", "180", "365"];

export const shortDate = (iso: string) => formatDate(iso);

/** The new token, once: a read-only field to select, a copy button, and the warning that it will not be shown again. */
function NewToken({ created, onDone }: { created: CreatedToken; onDone(): void }) {
  const field = useRef<HTMLInputElement>(null);
  // Focus moves from the gone form to the token, which is shown only this once.
  const arrival = useArrival<HTMLElement>();
  const [copied, setCopied] = useState<"yes" | "by-hand">();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied("yes");
    } catch {
      // The client may not let the widget's frame write the clipboard: select it for the person.
      field.current?.select();
      setCopied(document.execCommand("copy") ? "yes" : "by-hand");
    }
  };
  return (
    <section ref={arrival} tabIndex={-1} class="card stack" data-new-token={created.info.id} aria-labelledby="new-token-title">
      <h3 id="new-token-title">{t("tokenCreated", { name: created.info.name })}</h3>
      <Note tone="warning">
        <p>{t("tokenOnce")}</p>
      </Note>
      <div class="copy-row">
        <input ref={field} class="input mono" readOnly value={created.token} aria-label={t("tokenValue")} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button button-primary button-small" data-action="copy-token" onClick={copy}>
          <Icon name={copied === "yes" ? "check" : "copy"} size={16} />
          {copied === "yes" ? t("tokenCopied") : t("tokenCopy")}
        </button>
      </div>
      {copied === "by-hand" ? <p class="field-hint">{t("tokenCopyByHand")}</p> : null}
      <div class="actions">
        <button type="button" class="button button-secondary" onClick={onDone}>
          {t("done")}
        </button>
      </div>
    </section>
  );
}

/** A new token: name, scopes and expiry, a preview of what it may do, then the token itself, shown once. */
export function TokenForm({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ActionFamily[]>(["read"]);
  const [days, setDays] = useState("90");
  const create = useAction("tokens.create");
  const { step, edited } = create;
  const pickScope = edited((scope: ActionFamily) => setScopes(scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope]));

  if (step.phase === "done") {
    return (
      <NewToken
        created={step.result}
        onDone={() => {
          setName("");
          create.reset();
        }}
      />
    );
  }
  const plan = step.phase === "preview" || step.phase === "applying" ? step.plan : undefined;
  return (
    <form
      class="card stack"
      data-form="new-token"
      aria-labelledby="new-token-form-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!plan) void create.preview({ name: name.trim(), scopes, expiresInDays: Number(days) });
        else if (await create.apply()) onCreated();
      }}
    >
      <h3 id="new-token-form-title">{t("tokenNew")}</h3>
      <TextField label={t("tokenName")} hint={t("tokenNameHint")} value={name} set={edited(setName)} maxLength={80} required />
      <fieldset class="scopes">
        <legend class="field-label">{t("tokenScopes")}</legend>
        {SCOPES.map((scope) => (
          <label key={scope} class="scope">
            <input type="checkbox" checked={scopes.includes(scope)} data-scope={scope} onChange={() => pickScope(scope)} />
            <span>{t(scopeLabels[scope])}</span>
          </label>
        ))}
      </fieldset>
      <SelectField label={t("tokenExpiry")} value={days} set={edited(setDays)} options={EXPIRY_DAYS.map((d): [string, string] => [d, t("tokenDays", { count: Number(d) })])} />
      <ProblemNote problem={step.problem} />
      {plan ? (
        <PreviewCard name="new-token">
          <Summary
            rows={[
              { id: "name", label: t("tokenName"), value: plan.name },
              { id: "scopes", label: t("tokenScopes"), value: plan.scopes.join(", ") },
              { id: "expires", label: t("tokenExpiresOn"), value: shortDate(new Date(Date.now() + plan.expiresInDays * 86_400_000).toISOString()) },
              { id: "level", label: t("tokenActsAt"), value: plan.powerLevel },
            ]}
          />
          <p class="field-hint">{t("tokenPowerHint")}</p>
        </PreviewCard>
      ) : null}
      <PlanButtons step={step} apply={step.phase === "applying" ? t("tokenCreating") : t("tokenCreate")} disabled={!name.trim() || scopes.length === 0} onEdit={create.reset} />
    </form>
  );
}
