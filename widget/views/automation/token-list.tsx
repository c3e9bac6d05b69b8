import { useState } from "preact/hooks";
import { formatDateTime } from "../../ui/format.ts";
import type { ApiTokenInfo } from "../../../shared/api-tokens.ts";
import { useAction } from "../../ui/hooks.ts";
import { Badge, ProblemNote } from "../../ui/note.tsx";
import { t } from "./messages.ts";
import { scopeLabels, shortDate } from "./token-form.tsx";

const dateTime = (iso: string) => formatDateTime(iso);

/** One token: its state, scopes, who made it and when, when it was last used; active ones can be revoked after a confirmation. */
function TokenRow({ token, onChanged }: { token: ApiTokenInfo; onChanged(): void }) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useAction("tokens.revoke");
  const expired = !token.revokedAt && Date.parse(token.expiresAt) < Date.now();
  // Suspended: active, but its creator lost standing in the moderator room, so the server refuses it.
  const state = token.revokedAt ? "revoked" : expired ? "expired" : token.suspended ? "suspended" : "active";
  const confirm = async () => {
    if ((await revoke.apply({ id: token.id })) === undefined) return;
    setConfirming(false);
    onChanged();
  };
  return (
    <li class="row token" data-token={token.name} data-token-state={state}>
      <div class="token-head">
        <span class="row-title">{token.name}</span>
        <Badge tone={state === "active" ? "success" : state === "expired" || state === "suspended" ? "warning" : "neutral"}>
          {state === "active" ? t("tokenActive") : state === "expired" ? t("tokenExpired") : state === "suspended" ? t("tokenSuspended") : t("tokenRevoked")}
        </Badge>
        {(state === "active" || state === "suspended") && !confirming ? (
          <button type="button" class="button button-secondary button-small" data-action="revoke" aria-label={t("tokenRevokeLabel", { name: token.name })} onClick={() => setConfirming(true)}>
            {t("tokenRevoke")}
          </button>
        ) : null}
      </div>
      {token.suspended ? (
        <p class="reason" data-token-suspended>
          {token.suspended}
        </p>
      ) : null}
      <div class="badges token-scopes">
        {token.scopes.map((scope) => (
          <Badge key={scope} title={t(scopeLabels[scope])}>
            {scope}
          </Badge>
        ))}
      </div>
      <span class="row-sub" title={token.createdBy}>
        {t("tokenCreatedBy", { user: token.createdBy, date: shortDate(token.createdAt) })}
      </span>
      <span class="row-sub">
        {[
          token.revokedAt ? t("tokenRevokedOn", { date: shortDate(token.revokedAt) }) : t("tokenExpires", { date: shortDate(token.expiresAt) }),
          token.lastUsedAt ? t("tokenLastUsed", { date: dateTime(token.lastUsedAt) }) : t("tokenNeverUsed"),
          ...(token.actsAtLevel !== null && token.actsAtLevel !== undefined && token.actsAtLevel < token.powerLevel ? [t("tokenActsAtNow", { level: token.actsAtLevel })] : []),
        ].join(" · ")}
      </span>
      {confirming ? (
        <div class="confirm" role="group" aria-label={t("tokenRevokeLabel", { name: token.name })}>
          <p>{t("tokenRevokeConfirm", { name: token.name })}</p>
          <ProblemNote problem={revoke.step.problem} />
          <div class="actions">
            <button type="button" class="button button-danger button-small" data-action="confirm-revoke" disabled={revoke.step.phase === "applying"} onClick={confirm}>
              {t("tokenRevokeDo")}
            </button>
            <button type="button" class="button button-secondary button-small" onClick={() => setConfirming(false)}>
              {t("cancel")}
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}

/** Every token the dashboard issued, newest first, revoked ones included so the record stays. */
export function TokenList({ tokens, onChanged }: { tokens: ApiTokenInfo[]; onChanged(): void }) {
  return (
    <section class="stack-tight" aria-labelledby="tokens-title">
      <h3 id="tokens-title">{t("tokensTitle")}</h3>
      {tokens.length ? (
        <ul class="rows" data-list="tokens">
          {tokens.map((token) => (
            <TokenRow key={token.id} token={token} onChanged={onChanged} />
          ))}
        </ul>
      ) : (
        <p class="muted">{t("tokensEmpty")}</p>
      )}
    </section>
  );
}
